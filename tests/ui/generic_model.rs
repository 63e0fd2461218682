use covet::prelude::*;

#[derive(Model)]
#[covet(table = "albums")]
pub struct Album<T> {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub extra: T,
}

fn main() {}
