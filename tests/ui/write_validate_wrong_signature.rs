use covet::prelude::*;

/// Takes the wrong type: the field is a `String`.
fn positive(n: &i64) -> Result<(), String> {
    if *n > 0 { Ok(()) } else { Err("must be positive".into()) }
}

#[derive(Model)]
pub struct Member {
    #[covet(primary_key, auto_increment)]
    pub id: i64,
    #[covet(validate = positive)]
    pub handle: String,
}

fn main() {}
