use covet::prelude::*;

#[derive(Model)]
#[covet(name = "albums", primary_key)]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(max_len = 160)]
    pub title: String,
    #[covet(nullable)]
    pub year: Option<i32>,
    #[covet(colour = "red")]
    pub tint: Option<String>,
}

fn main() {}
