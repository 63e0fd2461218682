use covet::prelude::*;

#[derive(Model)]
#[covet(table = "prices")]
pub struct Price {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(precision = 70)]
    pub total: rust_decimal::Decimal,
    #[covet(precision = 4, scale = 6)]
    pub rate: rust_decimal::Decimal,
    #[covet(scale = 2)]
    pub fee: Option<rust_decimal::Decimal>,
}

fn main() {}
