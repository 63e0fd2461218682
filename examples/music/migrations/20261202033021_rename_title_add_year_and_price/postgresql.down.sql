-- covet-migrate 20261202033021_rename_title_add_year_and_price: down (postgresql)
-- Generated from the models; edit freely before it is applied.
ALTER TABLE "albums" RENAME COLUMN "name" TO "title";
ALTER TABLE "albums" DROP COLUMN "year";
ALTER TABLE "albums" DROP COLUMN "price";
