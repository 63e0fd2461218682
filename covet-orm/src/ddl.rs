//! Creating and dropping a model's table straight from its metadata: for prototypes, tests
//! and the quickstart. Production schemas are better managed with covet-migrate, which renders
//! the same statements.

use crate::Result;
use crate::executor::Executor;
use crate::model::Model;
use crate::render::Statement;

fn run(sql: String) -> Statement {
    Statement::new(sql, Vec::new())
}

/// Creates `M`'s table and indexes if they do not exist.
pub async fn create_table<M: Model>(db: &impl Executor) -> Result<()> {
    for sql in covet_sql::ddl::create_table(db.backend(), &M::SCHEMA, true) {
        db.execute(run(sql)).await?;
    }
    Ok(())
}

/// Drops `M`'s table if it exists.
pub async fn drop_table<M: Model>(db: &impl Executor) -> Result<()> {
    let sql = covet_sql::ddl::drop_table(db.backend(), M::SCHEMA.name, true);
    db.execute(run(sql)).await?;
    Ok(())
}
