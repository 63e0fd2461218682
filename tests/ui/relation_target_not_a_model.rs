use covet::prelude::*;

pub struct Plain {
    pub id: i64,
}

#[derive(Model)]
#[covet(table = "artists")]
pub struct Artist {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    pub plain_id: i64,
    #[covet(belongs_to(Plain, foreign_key = plain_id))]
    pub plain: BelongsTo<Plain>,
    #[covet(has_many(Plain, foreign_key = id))]
    pub plains: HasMany<Plain>,
}

fn main() {}
