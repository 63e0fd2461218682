use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key)]
    pub code: Option<String>,
    pub title: String,
}

fn main() {}
