use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key)]
    pub code: String,
    #[covet(auto_increment)]
    pub serial: i64,
}

#[derive(Model)]
#[covet(table = "tracks")]
pub struct Track {
    #[covet(primary_key, auto_increment)]
    pub album_id: i64,
    #[covet(primary_key)]
    pub position: i32,
}

fn main() {}
