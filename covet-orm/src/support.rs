//! Which query shapes a server can run, read off its version: a shape it cannot run is a typed
//! [`Error::Unsupported`] before anything is sent, never a syntax error from the server.

use crate::computed::{Computed, SelectParts};
use crate::executor::Executor;
use crate::expr::Expr;
use crate::{Backend, Error, Result};

/// A query shape that some server versions lack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// `OVER (...)`: PostgreSQL 8.4, SQLite 3.25, MySQL 8.0, MariaDB 10.2.
    WindowFunctions,
    /// `WITH RECURSIVE`: PostgreSQL 8.4, SQLite 3.8.3, MySQL 8.0, MariaDB 10.2.2.
    RecursiveCte,
    /// `WITH name AS (...)`: PostgreSQL 8.4, SQLite 3.8.3, MySQL 8.0, MariaDB 10.2.1.
    Cte,
}

impl Shape {
    fn feature(self) -> &'static str {
        match self {
            Self::WindowFunctions => "window functions",
            Self::RecursiveCte => "WITH RECURSIVE",
            Self::Cte => "WITH (common table expressions)",
        }
    }

    /// The first version of each backend that has the shape (PostgreSQL has had both for
    /// longer than covet supports it).
    fn since(self, backend: Backend, mariadb: bool) -> (u32, u32, u32) {
        match (self, backend, mariadb) {
            (_, Backend::Postgres, _) => (8, 4, 0),
            (Self::WindowFunctions, Backend::Sqlite, _) => (3, 25, 0),
            (Self::RecursiveCte | Self::Cte, Backend::Sqlite, _) => (3, 8, 3),
            (Self::WindowFunctions, Backend::MySql, true) => (10, 2, 0),
            (Self::RecursiveCte, Backend::MySql, true) => (10, 2, 2),
            (Self::Cte, Backend::MySql, true) => (10, 2, 1),
            (_, Backend::MySql, false) => (8, 0, 0),
        }
    }
}

/// Whether a server of `backend` reporting `version` can run `shape`.
pub(crate) fn supports(shape: Shape, backend: Backend, version: &str) -> bool {
    let mut parts = version
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|p| p.parse::<u32>().ok());
    let mut next = || parts.next().unwrap_or(0);
    let found = (next(), next(), next());
    found >= shape.since(backend, version.contains("MariaDB"))
}

/// [`Error::Unsupported`] when the server behind `db` cannot run `shape`.
pub(crate) fn require(shape: Shape, db: &impl Executor) -> Result<()> {
    let backend = db.backend();
    if supports(shape, backend, &db.capabilities().server_version) {
        Ok(())
    } else {
        Err(Error::Unsupported {
            feature: shape.feature(),
            backend,
        })
    }
}

/// Whether the select list or the order of `parts` holds a window function.
pub(crate) fn uses_window(parts: &SelectParts) -> bool {
    let windowed = |e: &Expr| match e {
        Expr::Computed(c) => matches!(c.as_ref(), Computed::Call(call) if call.over.is_some()),
        _ => false,
    };
    parts.items.iter().any(windowed) || parts.order.iter().any(|t| windowed(&t.expr))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions() {
        let w = Shape::WindowFunctions;
        let r = Shape::RecursiveCte;
        assert!(supports(w, Backend::MySql, "10.11.19-MariaDB-0+deb12u1"));
        assert!(!supports(w, Backend::MySql, "10.1.48-MariaDB"));
        assert!(supports(w, Backend::MySql, "10.2.0-MariaDB"));
        assert!(!supports(r, Backend::MySql, "10.2.1-MariaDB"));
        assert!(supports(r, Backend::MySql, "10.2.2-MariaDB"));
        assert!(!supports(w, Backend::MySql, "5.7.44"));
        assert!(supports(r, Backend::MySql, "8.0.36"));
        assert!(supports(w, Backend::Sqlite, "3.51.0"));
        assert!(!supports(w, Backend::Sqlite, "3.24.0"));
        assert!(supports(r, Backend::Sqlite, "3.8.3"));
        assert!(supports(Shape::Cte, Backend::MySql, "10.2.1-MariaDB"));
        assert!(!supports(Shape::Cte, Backend::MySql, "10.2.0-MariaDB"));
        assert!(supports(
            w,
            Backend::Postgres,
            "15.8 (Debian 15.8-0+deb12u1)"
        ));
    }
}
