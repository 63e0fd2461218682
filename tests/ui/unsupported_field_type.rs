use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub tags: std::collections::HashMap<String, String>,
    pub plays: u128,
}

fn main() {}
