use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
}

fn main() {
    let _ = Album::query().select(Album::TITLE.sum());
}
