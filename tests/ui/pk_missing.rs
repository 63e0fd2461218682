use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    pub id: i64,
    pub title: String,
}

fn main() {}
