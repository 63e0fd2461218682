-- covet-migrate 20261202033021_rename_title_add_year_and_price: up (postgresql)
-- Generated from the models; edit freely before it is applied.
ALTER TABLE "albums" RENAME COLUMN "title" TO "name";
ALTER TABLE "albums" ADD COLUMN "year" INTEGER;
ALTER TABLE "albums" ADD COLUMN "price" NUMERIC(8, 2) NOT NULL DEFAULT 0;
