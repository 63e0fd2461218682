use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
    pub plays: i64,
}

fn main() {
    let _ = Album::PLAYS.like("1%");
}
