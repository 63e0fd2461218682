//! Renders the query model into SQL text and an ordered list of bound values, through the one
//! [`SqlWriter`].

use crate::expr::{ColumnRef, Direction, Expr, Order};
use crate::{Error, Result, Value};
use covet_sql::schema::TableSchema;
use covet_sql::{Backend, SqlWriter};
use std::panic::Location;

/// A statement ready to run: text from the writer (or from the derive) plus its values.
///
/// Its `Debug` shows the text and the types of the bound values, never the values: a value may
/// be a password or a `Sensitive` field, and statements end up in logs.
#[derive(Clone)]
pub struct Statement {
    /// SQL text, with placeholders.
    pub sql: std::borrow::Cow<'static, str>,
    /// Values for the placeholders, in order.
    pub binds: Vec<Value>,
    /// The statement only reads: if the connection turns out to be dead it is run again on
    /// another, which is safe only for reads.
    pub read_only: bool,
    /// Where in the caller's code the statement was built, for warnings and traces.
    pub origin: Option<&'static Location<'static>>,
    /// The table the statement is about (`db.sql.table`).
    pub table: Option<&'static str>,
}

impl std::fmt::Debug for Statement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let types: Vec<_> = self.binds.iter().map(Value::sql_type).collect();
        f.debug_struct("Statement")
            .field("sql", &self.sql)
            .field("bind_types", &types)
            .field("read_only", &self.read_only)
            .field("origin", &self.origin)
            .field("table", &self.table)
            .finish()
    }
}

impl Statement {
    /// A statement that may write.
    pub fn new(sql: impl Into<std::borrow::Cow<'static, str>>, binds: Vec<Value>) -> Self {
        Self {
            sql: sql.into(),
            binds,
            read_only: false,
            origin: None,
            table: None,
        }
    }

    /// Names the table the statement is about.
    pub fn on(mut self, table: &'static str) -> Self {
        self.table = Some(table);
        self
    }

    /// Records where in the caller's code the statement was built.
    pub fn at(mut self, origin: &'static Location<'static>) -> Self {
        self.origin = Some(origin);
        self
    }

    /// Marks the statement as one that only reads.
    pub fn reading(mut self) -> Self {
        self.read_only = true;
        self
    }
}

/// SQLite refuses LIKE patterns longer than this many bytes (its default
/// `SQLITE_LIMIT_LIKE_PATTERN_LENGTH`); covet refuses them on every backend alike.
pub const MAX_LIKE_PATTERN_BYTES: usize = 50_000;

/// Writer plus the values its placeholders stand for, kept in step.
pub(crate) struct Render {
    pub(crate) w: SqlWriter,
    pub(crate) binds: Vec<Value>,
    /// The first input found invalid while rendering; nothing is sent when it is set.
    error: Option<Error>,
    /// Write columns as `"table"."column"`: set where more than one table is in scope (joins,
    /// subqueries).
    pub(crate) qualify: bool,
    /// How many relation `EXISTS` subqueries enclose what is being written.
    pub(crate) related_depth: usize,
}

impl Render {
    pub(crate) fn new(backend: Backend) -> Self {
        Self {
            w: SqlWriter::new(backend),
            binds: Vec::new(),
            error: None,
            qualify: false,
            related_depth: 0,
        }
    }

    pub(crate) fn value(&mut self, v: Value) {
        self.w.param();
        self.binds.push(v);
    }

    pub(crate) fn column(&mut self, c: &ColumnRef) {
        if self.qualify {
            self.w.qualified(c.table, c.column);
        } else {
            self.w.ident(c.column);
        }
    }

    pub(crate) fn finish(self) -> Result<Statement> {
        match self.error {
            Some(e) => Err(e),
            None => Ok(Statement::new(self.w.finish(), self.binds)),
        }
    }

    pub(crate) fn invalid(&mut self, message: String) {
        self.error.get_or_insert(Error::InvalidInput(message));
    }

    /// Writes a boolean or value expression.
    pub(crate) fn expr(&mut self, e: &Expr) {
        match e {
            Expr::Column(c) => self.column(c),
            Expr::Value(v) => self.value(v.clone()),
            Expr::Cmp(l, op, r) => {
                self.operand(l);
                self.w.sql(op.sql());
                self.operand(r);
            }
            Expr::And(all) => self.junction(all, " AND ", "1 = 1"),
            Expr::Or(any) => self.junction(any, " OR ", "1 = 0"),
            Expr::Not(inner) => {
                self.w.sql("NOT ");
                self.operand(inner);
            }
            Expr::IsNull(inner, negated) => {
                self.operand(inner);
                self.w
                    .sql(if *negated { " IS NOT NULL" } else { " IS NULL" });
            }
            Expr::InList(inner, values) if values.is_empty() => {
                // `IN ()` is a syntax error; an empty list matches nothing.
                let _ = inner;
                self.w.sql("1 = 0");
            }
            Expr::InList(inner, values) => {
                self.operand(inner);
                self.w.sql(" IN (");
                for (i, v) in values.iter().enumerate() {
                    if i > 0 {
                        self.w.sql(", ");
                    }
                    self.value(v.clone());
                }
                self.w.sql(")");
            }
            Expr::Between(inner, low, high) => {
                self.operand(inner);
                self.w.sql(" BETWEEN ");
                self.operand(low);
                self.w.sql(" AND ");
                self.operand(high);
            }
            Expr::Related(exists) => self.related_exists(exists),
            Expr::Like(inner, pattern) => {
                if let Expr::Value(Value::Text(p)) = pattern.as_ref() {
                    self.check_like_pattern(p);
                }
                self.operand(inner);
                self.w.sql(" LIKE ");
                self.operand(pattern);
                let escape = self.w.dialect().like_escape();
                self.w.sql(escape);
            }
            Expr::Computed(c) => self.computed(c),
        }
    }

    /// Backends disagree on malformed patterns (PostgreSQL fails, MySQL guesses), so covet
    /// refuses them before anything is sent.
    fn check_like_pattern(&mut self, pattern: &str) {
        let trailing = pattern.bytes().rev().take_while(|b| *b == b'\\').count();
        if trailing % 2 == 1 {
            self.invalid("a LIKE pattern cannot end with the escape character `\\`: write `\\\\` for a literal backslash".into());
        }
        if pattern.len() > MAX_LIKE_PATTERN_BYTES {
            self.invalid(format!(
                "a LIKE pattern is at most {MAX_LIKE_PATTERN_BYTES} bytes; this one is {}",
                pattern.len()
            ));
        }
    }

    /// Writes `e`, parenthesised unless it is atomic, so precedence never depends on context.
    pub(crate) fn operand(&mut self, e: &Expr) {
        if matches!(e, Expr::Column(_) | Expr::Value(_)) || crate::computed::is_atomic(e) {
            self.expr(e);
        } else {
            self.w.sql("(");
            self.expr(e);
            self.w.sql(")");
        }
    }

    fn junction(&mut self, parts: &[Expr], sep: &'static str, empty: &'static str) {
        if parts.is_empty() {
            self.w.sql(empty);
            return;
        }
        for (i, p) in parts.iter().enumerate() {
            if i > 0 {
                self.w.sql(sep);
            }
            self.operand(p);
        }
    }

    pub(crate) fn where_clause(&mut self, filter: Option<&Expr>) {
        if let Some(f) = filter {
            self.w.sql(" WHERE ");
            self.expr(f);
        }
    }

    pub(crate) fn order_by<M>(&mut self, order: &[Order<M>]) {
        for (i, o) in order.iter().enumerate() {
            self.w.sql(if i == 0 { " ORDER BY " } else { ", " });
            self.column(&o.column);
            let ascending = o.direction == Direction::Asc;
            self.w.sql(if ascending { " ASC" } else { " DESC" });
            if o.nullable {
                let nulls = self.w.dialect().order_nulls(ascending);
                self.w.sql(nulls);
            }
        }
    }

    pub(crate) fn limit_offset(&mut self, limit: Option<u64>, offset: Option<u64>) {
        // Bound as i64: every backend takes a signed 64-bit integer here.
        let as_value = |n: u64| Value::I64(i64::try_from(n).unwrap_or(i64::MAX));
        match (limit, offset) {
            (Some(l), _) => {
                self.w.sql(" LIMIT ");
                self.value(as_value(l));
            }
            (None, Some(_)) => {
                let no_limit = self.w.dialect().offset_without_limit();
                self.w.sql(no_limit);
            }
            (None, None) => {}
        }
        if let Some(o) = offset {
            self.w.sql(" OFFSET ");
            self.value(as_value(o));
        }
    }

    /// `SELECT <all columns> FROM t`.
    pub(crate) fn select_model(&mut self, schema: &TableSchema) {
        self.w.sql("SELECT ");
        self.w.list(schema.columns, ", ", |w, c| {
            w.ident(c.name);
        });
        self.w.sql(" FROM ").ident(schema.name);
    }
}
