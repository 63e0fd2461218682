use covet::prelude::*;

#[derive(Model)]
pub struct Login {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(sensitive)]
    pub password_hash: String,
}

fn main() {}
