-- covet-migrate 20261202033013_create_catalog: up (sqlite)
-- Generated from the models; edit freely before it is applied.
CREATE TABLE "artists" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "name" TEXT NOT NULL, CONSTRAINT "artists_name_key" UNIQUE ("name"));
CREATE TABLE "albums" ("id" INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, "title" TEXT NOT NULL, "artist_id" INTEGER NOT NULL, CONSTRAINT "albums_artist_id_fkey" FOREIGN KEY ("artist_id") REFERENCES "artists" ("id") ON DELETE CASCADE ON UPDATE NO ACTION);
CREATE INDEX "albums_artist_id_idx" ON "albums" ("artist_id");
