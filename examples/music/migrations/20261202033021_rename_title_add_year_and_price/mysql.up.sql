-- covet-migrate 20261202033021_rename_title_add_year_and_price: up (mysql)
-- Generated from the models; edit freely before it is applied.
ALTER TABLE `albums` RENAME COLUMN `title` TO `name`;
ALTER TABLE `albums` ADD COLUMN `year` INT;
ALTER TABLE `albums` ADD COLUMN `price` DECIMAL(8, 2) NOT NULL DEFAULT 0;
