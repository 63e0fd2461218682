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
    // Fine: `year` is an `Option`.
    let _ = Album::YEAR.is_null();
    // Not fine: `title` can never be NULL.
    let _ = Album::TITLE.is_null();
}
