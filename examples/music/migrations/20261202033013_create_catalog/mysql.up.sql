-- covet-migrate 20261202033013_create_catalog: up (mysql)
-- Generated from the models; edit freely before it is applied.
CREATE TABLE `artists` (`id` BIGINT AUTO_INCREMENT NOT NULL, `name` VARCHAR(120) NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `artists_name_key` UNIQUE (`name`)) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE TABLE `albums` (`id` BIGINT AUTO_INCREMENT NOT NULL, `title` VARCHAR(160) NOT NULL, `artist_id` BIGINT NOT NULL, PRIMARY KEY (`id`), CONSTRAINT `albums_artist_id_fkey` FOREIGN KEY (`artist_id`) REFERENCES `artists` (`id`) ON DELETE CASCADE ON UPDATE NO ACTION) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
CREATE INDEX `albums_artist_id_idx` ON `albums` (`artist_id`);
