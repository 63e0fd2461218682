//! covet-migrate: migrations generated from covet models.
//!
//! Not built yet. This crate holds a place in the workspace for the schema snapshot, diff,
//! renderer and runner; it exposes no API and no command until they work end to end. Today a
//! model's table can be created from its metadata with `covet::ddl::create_table`, which
//! renders through the same dialects the migrations will use.
