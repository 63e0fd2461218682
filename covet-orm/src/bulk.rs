//! `M::insert_many(rows)`: any number of rows in as few statements as each backend allows,
//! returned as stored, in input order, all or nothing; or, with `.load(&db)`, counted
//! rather than returned, through PostgreSQL's `COPY`.

use crate::copy;
use crate::executor::Executor;
use crate::model::{Key, Model, NewModel};
use crate::render::Statement;
use crate::{Backend, Error, Result, Value};
use covet_sql::bulk;
use std::collections::HashMap;
use std::marker::PhantomData;
use std::panic::Location;

/// From this many rows on, PostgreSQL inserts through `UNNEST` arrays: one statement whose
/// text does not depend on the row count, instead of chunks of multi-row `VALUES`.
pub const UNNEST_FROM_ROWS: usize = 64;

/// How rows travel to the database.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Path {
    /// `UNNEST` on PostgreSQL from [`UNNEST_FROM_ROWS`] rows, multi-row `VALUES` otherwise.
    Auto,
    /// Always multi-row `VALUES`.
    Values,
    /// Always `UNNEST` (PostgreSQL only).
    Unnest,
    /// `COPY ... FROM STDIN`: what `load` picks on PostgreSQL.
    Copy,
}

/// An insert of many rows; `.exec(&db)` runs it.
#[must_use = "an insert does nothing until `.exec(&db)` runs it"]
pub struct InsertMany<M: Model> {
    rows: Vec<M::New>,
    path: Path,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

impl<M: Model> InsertMany<M> {
    #[track_caller]
    pub(crate) fn new(rows: Vec<M::New>) -> Self {
        Self {
            rows,
            path: Path::Auto,
            origin: Location::caller(),
            _model: PhantomData,
        }
    }

    /// How many rows one multi-row `VALUES` statement of `M` carries on `backend`: as many as
    /// the bind-parameter limit allows, at most 1,000.
    pub fn rows_per_chunk(backend: Backend) -> usize {
        bulk::rows_per_chunk(backend, &M::SCHEMA)
    }

    /// Always uses multi-row `VALUES` statements, chunked under the parameter limit.
    pub fn values(mut self) -> Self {
        self.path = Path::Values;
        self
    }

    /// Always uses PostgreSQL's `UNNEST` bulk path; other backends refuse with
    /// [`Error::Unsupported`].
    pub fn unnest(mut self) -> Self {
        self.path = Path::Unnest;
        self
    }

    /// [`InsertMany::load`] streams through `COPY ... FROM STDIN` on PostgreSQL whatever the
    /// row count (by default, rows that fit one `VALUES` statement are sent as one); other
    /// backends refuse with [`Error::Unsupported`].
    pub fn copy(mut self) -> Self {
        self.path = Path::Copy;
        self
    }

    /// Inserts every row and returns them as stored (generated keys and defaults filled in), in
    /// the order given. Runs in its own transaction on a `Db`, and in a savepoint inside a
    /// transaction: a failure in any chunk leaves nothing behind. Zero rows send nothing.
    pub async fn exec(self, db: &impl Executor) -> Result<Vec<M>> {
        if self.rows.is_empty() {
            return Ok(Vec::new());
        }
        validate_rows::<M>(&self.rows)?;
        crate::sensitive::guard::<M, _>(self.run(db).await)
    }

    /// Inserts every row without reading them back, and returns how many: the fastest way to
    /// load data. Rows that fit one multi-row `VALUES` statement are sent as that one
    /// statement; more are streamed with `COPY ... FROM STDIN` on PostgreSQL (unless
    /// `.values()`, `.unnest()` or `.copy()` chose otherwise) and sent as multi-row `VALUES`
    /// chunked under the parameter limit elsewhere. Validated first, all or nothing, like
    /// [`InsertMany::exec`].
    pub async fn load(self, db: &impl Executor) -> Result<u64> {
        if self.rows.is_empty() {
            return Ok(0);
        }
        validate_rows::<M>(&self.rows)?;
        let backend = db.backend();
        let origin = self.origin;
        let one_statement = self.rows.len() <= bulk::rows_per_chunk(backend, &M::SCHEMA);
        let path = match (self.path, backend) {
            // COPY costs a round trip more than one INSERT (and, since sqlx leaves Nagle's
            // algorithm on, its two small final writes wait for the server's delayed ACK:
            // ~40 ms measured), so it only pays off beyond one statement's worth of rows.
            (Path::Auto, Backend::Postgres) if !one_statement => Path::Copy,
            (Path::Copy | Path::Unnest, Backend::Postgres) => self.path,
            (Path::Copy, _) => {
                return Err(Error::Unsupported {
                    feature: "COPY FROM STDIN",
                    backend,
                });
            }
            (Path::Unnest, _) => {
                return Err(Error::Unsupported {
                    feature: "UNNEST bulk inserts",
                    backend,
                });
            }
            _ => Path::Values,
        };
        let (values, _) = split::<M>(self.rows);
        let single = path != Path::Values || one_statement;
        if single && !db.in_transaction() {
            // One statement is atomic by itself: a transaction around it would only add the
            // round trips of BEGIN and COMMIT. Inside a transaction the savepoint stays, so a
            // failure leaves the caller's transaction usable.
            return crate::sensitive::guard::<M, _>(load::<M>(db, path, values, origin).await);
        }
        let scope = db.atomic().await?;
        let loaded =
            crate::sensitive::guard::<M, _>(load::<M>(&scope, path, values, origin).await)?;
        scope.commit().await?;
        Ok(loaded)
    }

    async fn run(self, db: &impl Executor) -> Result<Vec<M>> {
        let backend = db.backend();
        let unnest = match (self.path, backend) {
            (Path::Unnest, Backend::Postgres) => true,
            (Path::Unnest, _) => {
                return Err(Error::Unsupported {
                    feature: "UNNEST bulk inserts",
                    backend,
                });
            }
            (Path::Auto, Backend::Postgres) => self.rows.len() >= UNNEST_FROM_ROWS,
            _ => false,
        };
        let returning = db.capabilities().insert_returning;
        let origin = self.origin;
        let scope = db.atomic().await?;
        let stored = if !returning {
            // MySQL has no RETURNING and its insert id says nothing reliable about the other
            // rows of a multi-row insert: one insert per row, read back by key.
            let mut out = Vec::with_capacity(self.rows.len());
            for row in self.rows {
                out.push(
                    crate::crud::Insert::<M>::at(row, origin)
                        .exec(&scope)
                        .await?,
                );
            }
            out
        } else if unnest {
            insert_unnest::<M>(&scope, self.rows, origin).await?
        } else {
            insert_values::<M>(&scope, self.rows, origin).await?
        };
        scope.commit().await?;
        Ok(stored)
    }
}

/// Sends `rows` (values in schema order) the way `path` says; returns rows inserted.
async fn load<M: Model>(
    db: &impl Executor,
    path: Path,
    rows: Vec<Vec<Value>>,
    origin: &'static Location<'static>,
) -> Result<u64> {
    let backend = db.backend();
    let stmt = |sql: String, binds| Statement::new(sql, binds).at(origin).on(M::SCHEMA.name);
    match path {
        Path::Copy => {
            let mut chunks = Vec::new();
            let mut buf = Vec::with_capacity(copy::CHUNK_BYTES);
            for row in &rows {
                copy::push_row(&mut buf, row)?;
                if buf.len() >= copy::CHUNK_BYTES {
                    let full = std::mem::replace(&mut buf, Vec::with_capacity(copy::CHUNK_BYTES));
                    chunks.push(full);
                }
            }
            chunks.push(buf);
            let sql = bulk::copy_in(&M::SCHEMA);
            db.copy_in(stmt(sql, Vec::new()), chunks).await
        }
        Path::Unnest => {
            let binds = unnest_binds::<M>(rows);
            let sql = bulk::insert_unnest(&M::SCHEMA, false);
            Ok(db.execute(stmt(sql, binds)).await?.rows_affected)
        }
        Path::Auto | Path::Values => {
            let per_chunk = bulk::rows_per_chunk(backend, &M::SCHEMA);
            let mut loaded = 0;
            // The rows are moved into the binds, never cloned: `load` owns them.
            let mut rows = rows.into_iter().peekable();
            while rows.peek().is_some() {
                let chunk: Vec<Vec<Value>> = rows.by_ref().take(per_chunk).collect();
                let sql = bulk::insert_rows(backend, &M::SCHEMA, chunk.len(), false);
                let binds = chunk.into_iter().flatten().collect();
                loaded += db.execute(stmt(sql, binds)).await?.rows_affected;
            }
            Ok(loaded)
        }
    }
}

/// Validates every row, so that one error reports every failing field of every row (each
/// with its position) before anything is sent.
fn validate_rows<M: Model>(rows: &[M::New]) -> Result<()> {
    let mut errors = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        let from = errors.len();
        row.validate_fields(&mut errors);
        for e in &mut errors[from..] {
            e.row = Some(i);
        }
    }
    crate::validate::into_result(M::SCHEMA.model, errors)
}

/// Each row's values in schema order, and its key when the caller provides it.
fn split<M: Model>(rows: Vec<M::New>) -> (Vec<Vec<Value>>, Vec<Option<M::Key>>) {
    rows.into_iter()
        .map(|row| {
            let key = row.key();
            let mut values = Vec::with_capacity(M::SCHEMA.columns.len());
            row.push_values(&mut values);
            (values, key)
        })
        .unzip()
}

async fn insert_values<M: Model>(
    db: &impl Executor,
    rows: Vec<M::New>,
    origin: &'static Location<'static>,
) -> Result<Vec<M>> {
    let backend = db.backend();
    let per_chunk = bulk::rows_per_chunk(backend, &M::SCHEMA);
    let (values, keys) = split::<M>(rows);
    let mut stored = Vec::with_capacity(values.len());
    for (chunk, chunk_keys) in values.chunks(per_chunk).zip(keys.chunks(per_chunk)) {
        let sql = bulk::insert_rows(backend, &M::SCHEMA, chunk.len(), true);
        let binds = chunk.iter().flatten().cloned().collect();
        let stmt = Statement::new(sql, binds).at(origin).on(M::SCHEMA.name);
        let rows = db.fetch_all(stmt).await?;
        let decoded = rows.iter().map(M::from_row).collect::<Result<Vec<M>>>()?;
        stored.extend(in_input_order(decoded, chunk_keys)?);
    }
    Ok(stored)
}

/// One array per inserted column, each holding that column's value of every row.
fn unnest_binds<M: Model>(rows: Vec<Vec<Value>>) -> Vec<Value> {
    let inserted: Vec<_> = M::SCHEMA
        .columns
        .iter()
        .filter(|c| !c.auto_increment)
        .collect();
    let mut columns: Vec<Vec<Value>> = inserted
        .iter()
        .map(|_| Vec::with_capacity(rows.len()))
        .collect();
    for row in rows {
        for (column, value) in columns.iter_mut().zip(row) {
            column.push(value);
        }
    }
    inserted
        .iter()
        .zip(columns)
        .map(|(c, vs)| Value::Array(c.ty, vs))
        .collect()
}

async fn insert_unnest<M: Model>(
    db: &impl Executor,
    rows: Vec<M::New>,
    origin: &'static Location<'static>,
) -> Result<Vec<M>> {
    let (values, keys) = split::<M>(rows);
    let binds = unnest_binds::<M>(values);
    let stmt = Statement::new(bulk::insert_unnest(&M::SCHEMA, true), binds)
        .at(origin)
        .on(M::SCHEMA.name);
    let rows = db.fetch_all(stmt).await?;
    let decoded = rows.iter().map(M::from_row).collect::<Result<Vec<M>>>()?;
    in_input_order(decoded, &keys)
}

/// Puts returned rows in the order their inputs were given. Backends return the rows of one
/// statement in insertion order in practice, but none promises it: rows with caller-provided
/// keys are matched by key, and generated keys, which one statement hands out in ascending
/// order, are sorted.
fn in_input_order<M: Model>(mut rows: Vec<M>, keys: &[Option<M::Key>]) -> Result<Vec<M>> {
    let key_text = |k: M::Key| {
        let mut v = Vec::new();
        k.push_values(&mut v);
        format!("{v:?}")
    };
    if keys.iter().all(Option::is_some) {
        let mut by_key: HashMap<String, M> =
            rows.into_iter().map(|m| (key_text(m.key()), m)).collect();
        return keys
            .iter()
            .flatten()
            .map(|k| {
                by_key.remove(&key_text(k.clone())).ok_or_else(|| {
                    Error::InvalidInput(format!(
                        "an inserted {} row did not come back",
                        M::SCHEMA.model
                    ))
                })
            })
            .collect();
    }
    let generated = |m: &M| {
        let mut v = Vec::new();
        m.key().push_values(&mut v);
        match v.first() {
            Some(Value::I64(n)) => *n,
            Some(Value::I32(n)) => i64::from(*n),
            Some(Value::I16(n)) => i64::from(*n),
            _ => 0,
        }
    };
    rows.sort_by_key(generated);
    Ok(rows)
}
