//! The integration suite: every behaviour test runs on SQLite, PostgreSQL and MariaDB.

mod common;
mod smoke;
