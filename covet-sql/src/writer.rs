//! [`SqlWriter`]: the one place SQL text is assembled.

use crate::ident;
use crate::schema::Number;
use crate::{Backend, Dialect};

/// Owns the SQL buffer, quotes identifiers through the dialect and numbers placeholders.
///
/// Keywords and punctuation go in through [`SqlWriter::sql`], which accepts only `&'static str`:
/// text written in a program, never a value that arrived at run time. Values never appear in
/// the text at all; [`SqlWriter::param`] writes a placeholder and the caller binds the value.
pub struct SqlWriter {
    buf: String,
    dialect: &'static dyn Dialect,
    params: usize,
}

impl SqlWriter {
    /// A writer for `backend`.
    pub fn new(backend: Backend) -> Self {
        Self {
            buf: String::with_capacity(128),
            dialect: backend.dialect(),
            params: 0,
        }
    }

    /// The dialect in use.
    pub fn dialect(&self) -> &'static dyn Dialect {
        self.dialect
    }

    /// The backend in use.
    pub fn backend(&self) -> Backend {
        self.dialect.backend()
    }

    /// Appends fixed SQL text (keywords, operators, punctuation).
    pub fn sql(&mut self, text: &'static str) -> &mut Self {
        self.buf.push_str(text);
        self
    }

    /// Appends a quoted identifier. Names reach here from compile-time metadata only; they
    /// were validated by the derive, and quoting doubles any quote regardless.
    pub fn ident(&mut self, name: &str) -> &mut Self {
        debug_assert!(
            ident::validate(name).is_ok(),
            "unvalidated identifier {name:?}"
        );
        self.dialect.quote_ident(&mut self.buf, name);
        self
    }

    /// Appends a column default expression. It was written in a model's source and checked
    /// by the derive, or read from a snapshot and checked on reading, with
    /// [`crate::schema::check_default`].
    pub fn default_expr(&mut self, text: &str) -> &mut Self {
        debug_assert!(
            crate::schema::check_default(text).is_ok(),
            "unchecked default {text:?}"
        );
        self.buf.push_str(text);
        self
    }

    /// Appends `"table"."column"`.
    pub fn qualified(&mut self, table: &str, column: &str) -> &mut Self {
        self.ident(table).sql(".").ident(column)
    }

    /// Appends the next placeholder; the caller binds the matching value in the same order.
    pub fn param(&mut self) -> &mut Self {
        self.params += 1;
        self.dialect.placeholder(&mut self.buf, self.params);
        self
    }

    /// Appends an unsigned number (lengths in DDL; never a user value in DML).
    pub fn number(&mut self, n: u64) -> &mut Self {
        self.buf.push_str(&n.to_string());
        self
    }

    /// Appends a numeric literal of a check constraint: an `i64`, or a decimal literal whose
    /// type guarantees it holds only digits, a `-` and a `.`.
    pub fn literal(&mut self, n: Number<'_>) -> &mut Self {
        match n {
            Number::Int(i) => self.buf.push_str(&i.to_string()),
            Number::Decimal(d) => self.buf.push_str(d.as_str()),
        }
        self
    }

    /// Appends `items` separated by `sep`, each written by `each`.
    pub fn list<T>(
        &mut self,
        items: impl IntoIterator<Item = T>,
        sep: &'static str,
        mut each: impl FnMut(&mut Self, T),
    ) -> &mut Self {
        for (i, item) in items.into_iter().enumerate() {
            if i > 0 {
                self.sql(sep);
            }
            each(self, item);
        }
        self
    }

    /// Lets a dialect hook write into the buffer.
    pub fn with_dialect(&mut self, f: impl FnOnce(&dyn Dialect, &mut String)) -> &mut Self {
        f(self.dialect, &mut self.buf);
        self
    }

    /// Number of placeholders written so far.
    pub fn param_count(&self) -> usize {
        self.params
    }

    /// The text written so far.
    pub fn as_str(&self) -> &str {
        &self.buf
    }

    /// The finished statement text.
    pub fn finish(self) -> String {
        self.buf
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(backend: Backend) -> String {
        let mut w = SqlWriter::new(backend);
        w.sql("SELECT ")
            .qualified("order", "group")
            .sql(" FROM ")
            .ident("order")
            .sql(" WHERE ")
            .ident("id")
            .sql(" = ")
            .param()
            .sql(" AND ")
            .ident("x")
            .sql(" < ")
            .param();
        w.finish()
    }

    #[test]
    fn quotes_and_numbers_per_dialect() {
        assert_eq!(
            render(Backend::Postgres),
            r#"SELECT "order"."group" FROM "order" WHERE "id" = $1 AND "x" < $2"#
        );
        assert_eq!(
            render(Backend::MySql),
            "SELECT `order`.`group` FROM `order` WHERE `id` = ? AND `x` < ?"
        );
        assert_eq!(
            render(Backend::Sqlite),
            r#"SELECT "order"."group" FROM "order" WHERE "id" = ? AND "x" < ?"#
        );
    }

    #[test]
    fn quoting_doubles_inner_quotes() {
        let mut out = String::new();
        Backend::Postgres.dialect().quote_ident(&mut out, "a\"b");
        assert_eq!(out, r#""a""b""#);
        out.clear();
        Backend::MySql.dialect().quote_ident(&mut out, "a`b");
        assert_eq!(out, "`a``b`");
    }
}
