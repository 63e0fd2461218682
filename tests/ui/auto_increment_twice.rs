use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(auto_increment)]
    pub position: i64,
    #[covet(primary_key, auto_increment)]
    pub id: i64,
}

fn main() {}
