use covet::prelude::*;

#[derive(Model)]
pub enum Album {
    Single,
    Double,
}

#[derive(Model)]
pub struct Track(i64, String);

fn main() {}
