-- covet-migrate 20261202033013_create_catalog: down (mysql)
-- Generated from the models; edit freely before it is applied.
DROP TABLE `albums`;
DROP TABLE `artists`;
