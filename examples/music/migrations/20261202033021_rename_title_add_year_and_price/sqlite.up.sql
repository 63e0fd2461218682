-- covet-migrate 20261202033021_rename_title_add_year_and_price: up (sqlite)
-- Generated from the models; edit freely before it is applied.
CREATE TABLE "_covet_new_albums_t" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" TEXT NOT NULL, "year" INTEGER, "price" NUMERIC(8, 2) NOT NULL DEFAULT 0, "artist_id" INTEGER NOT NULL, CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists" ("id") ON DELETE CASCADE ON UPDATE NO ACTION);
INSERT INTO "_covet_new_albums_t" ("id", "name", "artist_id") SELECT "id", "title", "artist_id" FROM "albums";
DROP TABLE "albums";
PRAGMA legacy_alter_table = ON;
ALTER TABLE "_covet_new_albums_t" RENAME TO "albums";
PRAGMA legacy_alter_table = OFF;
CREATE INDEX "albums_artist_id_idx" ON "albums" ("artist_id");
