use covet::prelude::*;

#[derive(Model)]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
}

fn main() {
    let _ = Album::patch(1).set(Album::YEAR, "1990");
}
