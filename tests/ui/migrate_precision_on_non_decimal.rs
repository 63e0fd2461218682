use covet::prelude::*;

#[derive(Model)]
#[covet(table = "prices")]
pub struct Price {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(precision = 10, scale = 2)]
    pub amount: f64,
}

fn main() {}
