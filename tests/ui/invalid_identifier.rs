use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums; DROP TABLE users")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(rename = "ti\"tle")]
    pub title: String,
    #[covet(rename = "release year")]
    pub year: Option<i32>,
    #[covet(rename = "a_column_name_that_is_far_too_long_for_postgresql_to_keep_intact")]
    pub notes: Option<String>,
    #[covet(rename = "2nd_title")]
    pub subtitle: Option<String>,
}

fn main() {}
