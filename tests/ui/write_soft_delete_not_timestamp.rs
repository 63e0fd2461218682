use covet::prelude::*;

#[derive(Model)]
pub struct Note {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(soft_delete)]
    pub deleted: Option<bool>,
}

fn main() {}
