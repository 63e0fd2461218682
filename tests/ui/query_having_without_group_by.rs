use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub artist_id: i64,
}

fn main() {
    let _ = Album::query()
        .select((Album::ARTIST_ID, count_all()))
        .having(count_all().gt(1));
}
