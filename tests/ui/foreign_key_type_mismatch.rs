use covet::prelude::*;

#[derive(Model)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
}

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(references = Artist)]
    pub artist_id: i32,
    #[covet(references = Artist, on_delete = set_null)]
    pub producer_id: Option<String>,
}

#[derive(Model)]
#[covet(table = "genres")]
pub struct Genre {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(references = Self, on_delete = set_null)]
    pub parent_id: Option<i32>,
}

fn main() {}
