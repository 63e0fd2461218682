use covet::prelude::*;

#[derive(Model)]
pub struct Note {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub title: String,
}

fn main() {
    let _ = Note::query().with_deleted();
}
