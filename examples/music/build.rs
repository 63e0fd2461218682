//! Cargo watches the files `embedded!` includes, not the directory: a newly generated
//! migration must rebuild the program too.

fn main() {
    println!("cargo:rerun-if-changed=migrations");
}
