use covet::prelude::*;

#[derive(Model)]
#[covet(table = "cells")]
pub struct Cell {
    #[covet(primary_key)]
    pub a: i32,
    #[covet(primary_key)]
    pub b: i32,
    #[covet(primary_key)]
    pub c: i32,
    #[covet(primary_key)]
    pub d: i32,
    #[covet(primary_key)]
    pub e: i32,
    pub value: String,
}

fn main() {}
