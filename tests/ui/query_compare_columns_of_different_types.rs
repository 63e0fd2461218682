use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
    pub year: Option<i32>,
}

fn main() {
    let _ = Album::query().filter(Album::TITLE.eq_column(Album::YEAR));
}
