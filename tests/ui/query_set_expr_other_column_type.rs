use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
    pub plays: i64,
    pub year: Option<i32>,
}

fn main() {
    let _ = Album::update_where(Album::ID.gt(0)).set_expr(Album::TITLE, Album::PLAYS + 1);
}
