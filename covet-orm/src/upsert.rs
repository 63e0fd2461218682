//! `M::upsert(new)`: an insert that, when the row's unique key is taken, leaves the stored row
//! alone or updates chosen columns of it, and returns the stored row on every backend:
//!
//! ```no_run
//! # use covet_orm::{Column, Db, Model, Result};
//! # async fn f<M: Model>(db: &Db, new: M::New, slug: Column<M, String>, title: Column<M, String>) -> Result<M> {
//! let stored: M = M::upsert(new).on_conflict(slug).do_update(title).exec(db).await?;
//! # Ok(stored) }
//! ```
//!
//! PostgreSQL and SQLite run `ON CONFLICT (target) ... RETURNING`; MySQL/MariaDB run
//! `ON DUPLICATE KEY UPDATE` and read the row back by the conflict key on the same connection,
//! in one transaction. On MySQL/MariaDB a conflict on *any* unique key of the table triggers
//! the update, whatever the target: that is the server's rule.

use crate::column::Column;
use crate::executor::Executor;
use crate::expr::{CmpOp, ColumnRef, Expr};
use crate::field::Field;
use crate::model::{Model, NewModel};
use crate::render::{Render, Statement};
use crate::sensitive::guard;
use crate::{Error, Result, Value};
use covet_sql::{Backend, UpsertStyle};
use std::marker::PhantomData;
use std::panic::Location;

/// One or more columns of `M`: a column, or a tuple of up to four.
#[diagnostic::on_unimplemented(
    message = "`{Self}` is not a list of columns of `{M}`",
    label = "expected a column of `{M}` or a tuple of them",
    note = "pass `Model::COLUMN` or a tuple `(Model::A, Model::B)` of the same model's columns"
)]
pub trait Columns<M> {
    /// The columns' names, in order.
    fn names(self) -> Vec<&'static str>;
}

impl<M: Model, T: Field> Columns<M> for Column<M, T> {
    fn names(self) -> Vec<&'static str> {
        vec![self.name()]
    }
}

macro_rules! column_tuple {
    ($($t:ident $v:ident),+) => {
        impl<M: Model, $($t: Field),+> Columns<M> for ($(Column<M, $t>,)+) {
            fn names(self) -> Vec<&'static str> {
                let ($($v,)+) = self;
                vec![$($v.name()),+]
            }
        }
    };
}
column_tuple!(A a);
column_tuple!(A a, B b);
column_tuple!(A a, B b, C c);
column_tuple!(A a, B b, C c, D d);

/// What happens to the stored row when the key is taken.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Action {
    Nothing,
    Update(Vec<&'static str>),
}

/// `M::upsert(new)`: choose the conflict target with [`UpsertBuilder::on_conflict`].
#[must_use = "an upsert needs `.on_conflict(...)`, then `.do_nothing()` or `.do_update(...)`"]
pub struct UpsertBuilder<M: Model> {
    new: M::New,
    origin: &'static Location<'static>,
}

impl<M: Model> UpsertBuilder<M> {
    #[track_caller]
    pub(crate) fn new(new: M::New) -> Self {
        Self {
            new,
            origin: Location::caller(),
        }
    }

    /// The columns whose values identify the row: the primary key or a unique key of `M`
    /// (checked before anything is sent).
    pub fn on_conflict(self, target: impl Columns<M>) -> UpsertOn<M> {
        UpsertOn {
            new: self.new,
            target: target.names(),
            origin: self.origin,
        }
    }
}

/// An upsert with its conflict target: choose what happens to a stored row.
#[must_use = "an upsert needs `.do_nothing()` or `.do_update(...)`"]
pub struct UpsertOn<M: Model> {
    new: M::New,
    target: Vec<&'static str>,
    origin: &'static Location<'static>,
}

impl<M: Model> UpsertOn<M> {
    /// Keeps the stored row as it is; `exec` returns it (as stored, soft-deleted or not).
    pub fn do_nothing(self) -> Upsert<M> {
        self.with(Action::Nothing)
    }

    /// Overwrites these columns of the stored row with the new values (and sets `updated_at`,
    /// increments the version and clears a soft-delete mark, as an update would).
    pub fn do_update(self, columns: impl Columns<M>) -> Upsert<M> {
        self.with(Action::Update(columns.names()))
    }

    fn with(self, action: Action) -> Upsert<M> {
        Upsert {
            new: self.new,
            target: self.target,
            action,
            origin: self.origin,
            _model: PhantomData,
        }
    }
}

/// A complete upsert; `.exec(&db)` runs it.
#[must_use = "an upsert does nothing until `.exec(&db)` runs it"]
pub struct Upsert<M: Model> {
    new: M::New,
    target: Vec<&'static str>,
    action: Action,
    origin: &'static Location<'static>,
    _model: PhantomData<fn() -> M>,
}

/// The statement of an upsert and what is needed to read the row back.
struct Planned {
    insert: Statement,
    /// `SELECT ... WHERE <target> = ?`, for a do-nothing that returned nothing and for
    /// servers without `RETURNING`.
    read_back: Statement,
}

impl<M: Model> Upsert<M> {
    /// Checks the target and the columns to update against the model's metadata.
    fn check(&self) -> Result<()> {
        let model = M::SCHEMA.model;
        let mut target = self.target.clone();
        target.sort_unstable();
        target.dedup();
        let is_key = |cols: &[&str]| {
            let mut cols = cols.to_vec();
            cols.sort_unstable();
            cols == target
        };
        let unique = is_key(M::SCHEMA.primary_key)
            || M::SCHEMA
                .indexes
                .iter()
                .any(|i| i.unique && is_key(i.columns));
        if !unique {
            return Err(Error::InvalidInput(format!(
                "the conflict target ({}) of an upsert of {model} must be its primary key or one of its unique keys",
                self.target.join(", ")
            )));
        }
        let generated = self
            .target
            .iter()
            .filter_map(|c| M::SCHEMA.column(c))
            .find(|c| c.auto_increment);
        if let Some(c) = generated {
            return Err(Error::InvalidInput(format!(
                "{model}.{} is generated by the database, so an insert cannot conflict on it: upsert on a unique key whose values the new row carries",
                c.name
            )));
        }
        if let Action::Update(columns) = &self.action {
            if columns.is_empty() {
                return Err(Error::InvalidInput(format!(
                    "an upsert of {model} must update at least one column"
                )));
            }
            if let Some(v) = M::VERSION.filter(|v| columns.contains(v)) {
                return Err(Error::InvalidInput(format!(
                    "{model}.{v} is covet's optimistic-lock version: every update increments it, so an upsert cannot set it"
                )));
            }
        }
        Ok(())
    }

    /// The SQL of the upsert and of its read-back, for `backend`.
    fn plan(self, backend: Backend, returning: bool) -> Result<Planned> {
        self.check()?;
        let set = self.assignments();
        let schema = &M::SCHEMA;
        let inserted: Vec<&'static str> = schema
            .columns
            .iter()
            .filter(|c| !c.auto_increment)
            .map(|c| c.name)
            .collect();
        let mut values = Vec::with_capacity(inserted.len());
        self.new.push_values(&mut values);
        let key_values: Vec<Value> = self
            .target
            .iter()
            .filter_map(|t| inserted.iter().position(|c| c == t))
            .filter_map(|i| values.get(i).cloned())
            .collect();
        let mut r = Render::new(backend);
        r.w.sql("INSERT INTO ").ident(schema.name).sql(" (");
        r.w.list(&inserted, ", ", |w, c| {
            w.ident(c);
        });
        r.w.sql(") VALUES (");
        for (i, v) in values.into_iter().enumerate() {
            if i > 0 {
                r.w.sql(", ");
            }
            r.value(v);
        }
        r.w.sql(")");
        match backend.dialect().upsert_style() {
            UpsertStyle::OnConflict => {
                r.w.sql(" ON CONFLICT (");
                r.w.list(&self.target, ", ", |w, c| {
                    w.ident(c);
                });
                r.w.sql(")");
                if set.is_empty() {
                    r.w.sql(" DO NOTHING");
                } else {
                    r.w.sql(" DO UPDATE SET ");
                    write_set(&mut r, schema.name, &set, "EXCLUDED.", "");
                }
            }
            UpsertStyle::OnDuplicateKey => {
                r.w.sql(" ON DUPLICATE KEY UPDATE ");
                if set.is_empty() {
                    // A no-op assignment rather than INSERT IGNORE, which would also turn
                    // other errors (a NOT NULL violation, say) into warnings.
                    let first = self.target[0];
                    r.w.ident(first).sql(" = ").ident(first);
                } else {
                    write_set(&mut r, schema.name, &set, "VALUES(", ")");
                }
            }
        }
        if returning {
            r.w.sql(" RETURNING ");
            r.w.list(schema.columns, ", ", |w, c| {
                w.ident(c.name);
            });
        }
        let insert = r.finish()?.at(self.origin).on(schema.name);
        let read_back = read_back::<M>(backend, &self.target, key_values, self.origin)?;
        Ok(Planned { insert, read_back })
    }

    /// The columns set on conflict, with covet's own: `updated_at`, the version, the
    /// soft-delete mark.
    fn assignments(&self) -> Vec<(&'static str, Set)> {
        let Action::Update(columns) = &self.action else {
            return Vec::new();
        };
        let mut set: Vec<(&'static str, Set)> = Vec::new();
        for c in columns {
            if !set.iter().any(|(s, _)| s == c) {
                set.push((c, Set::New));
            }
        }
        for own in [M::UPDATED_AT, M::SOFT_DELETE].into_iter().flatten() {
            if !set.iter().any(|(s, _)| *s == own) {
                set.push((own, Set::New));
            }
        }
        if let Some(v) = M::VERSION {
            set.push((v, Set::Increment));
        }
        set
    }

    /// The statements `exec` runs on `backend`: the upsert, then the read-back of the row by
    /// its conflict key (always on MySQL/MariaDB, after a do-nothing elsewhere).
    pub fn to_statements(self, backend: Backend) -> Result<[Statement; 2]> {
        let returning = backend.dialect().upsert_style() == UpsertStyle::OnConflict;
        let planned = self.plan(backend, returning)?;
        Ok([planned.insert, planned.read_back])
    }

    /// Validates the new row, then inserts or updates it; returns the row as stored.
    pub async fn exec(self, db: &impl Executor) -> Result<M> {
        self.new.validate()?;
        guard::<M, _>(self.run(db).await)
    }

    async fn run(self, db: &impl Executor) -> Result<M> {
        let backend = db.backend();
        match backend.dialect().upsert_style() {
            UpsertStyle::OnConflict => {
                let planned = self.plan(backend, true)?;
                if let Some(row) = db.fetch_optional(planned.insert).await? {
                    return M::from_row(&row);
                }
                // DO NOTHING returns no row when the key was taken: read the stored one.
                read_one::<M>(db, planned.read_back).await
            }
            UpsertStyle::OnDuplicateKey => {
                let planned = self.plan(backend, false)?;
                let tx = db.atomic().await?;
                tx.execute(planned.insert).await?;
                let row = read_one::<M>(&tx, planned.read_back).await?;
                tx.commit().await?;
                Ok(row)
            }
        }
    }
}

/// The value a column takes on conflict.
#[derive(Debug, Clone, Copy)]
enum Set {
    /// The value the insert carried.
    New,
    /// `v = v + 1`.
    Increment,
}

/// `c = EXCLUDED.c` / `c = VALUES(c)` for each column; `v = v + 1` for the version.
fn write_set(
    r: &mut Render,
    table: &'static str,
    set: &[(&'static str, Set)],
    before: &'static str,
    after: &'static str,
) {
    for (i, (c, how)) in set.iter().enumerate() {
        if i > 0 {
            r.w.sql(", ");
        }
        r.w.ident(c).sql(" = ");
        match how {
            Set::New => {
                r.w.sql(before).ident(c).sql(after);
            }
            Set::Increment => {
                // Qualified: the stored row's value, never the proposed one.
                r.w.qualified(table, c).sql(" + 1");
            }
        }
    }
}

/// `SELECT <all columns> FROM t WHERE <target> = ?`, soft-deleted rows included.
fn read_back<M: Model>(
    backend: Backend,
    target: &[&'static str],
    key_values: Vec<Value>,
    origin: &'static Location<'static>,
) -> Result<Statement> {
    let mut conditions: Vec<Expr> = target
        .iter()
        .zip(key_values)
        .map(|(c, v)| {
            let column = ColumnRef {
                table: M::SCHEMA.name,
                column: c,
            };
            Expr::Cmp(
                Box::new(Expr::Column(column)),
                CmpOp::Eq,
                Box::new(Expr::Value(v)),
            )
        })
        .collect();
    let condition = match conditions.len() {
        1 => conditions.remove(0),
        _ => Expr::And(conditions),
    };
    let mut r = Render::new(backend);
    r.select_model(&M::SCHEMA);
    r.where_clause(Some(&condition));
    Ok(r.finish()?.reading().at(origin).on(M::SCHEMA.name))
}

async fn read_one<M: Model>(db: &impl Executor, stmt: Statement) -> Result<M> {
    let row = db.fetch_optional(stmt).await?.ok_or(Error::NotFound {
        model: M::SCHEMA.model,
    })?;
    M::from_row(&row)
}
