//! covet-migrate's integration suite: every test runs on SQLite, PostgreSQL and MariaDB, each
//! in its own namespace (a SQLite file in a temporary directory, a PostgreSQL schema, a MariaDB
//! database), dropped afterwards.

#[macro_use]
mod common;

mod cli;
mod cycles;
mod embedded;
mod generated;
mod property;
mod runner;
mod sqlite_rebuild;
