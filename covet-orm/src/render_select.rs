//! Renders the shapes of [`crate::computed`] (calls, subqueries, whole `SELECT`s with joins,
//! grouping and `WITH RECURSIVE`) through the one writer.

use crate::computed::{
    Call, Cast, Computed, Func, JoinKind, RecursiveCte, SelectParts, SortTerm, WindowSpec,
    is_aggregate, reads_columns,
};
use crate::expr::Direction;
use crate::render::Render;

impl Render {
    pub(crate) fn computed(&mut self, c: &Computed) {
        match c {
            Computed::Call(call) => self.call(call),
            Computed::Exists(query, negated) => {
                self.w
                    .sql(if *negated { "NOT EXISTS (" } else { "EXISTS (" });
                self.subquery(query);
                self.w.sql(")");
            }
            Computed::InSubquery(inner, query) => {
                self.operand(inner);
                self.w.sql(" IN (");
                self.subquery(query);
                self.w.sql(")");
            }
            Computed::Scalar(query) => {
                self.w.sql("(");
                self.subquery(query);
                self.w.sql(")");
            }
            Computed::Cast(inner, cast) => {
                self.w.sql("CAST(");
                self.expr(inner);
                self.cast_as(*cast);
            }
        }
    }

    /// ` AS type)`, closing a `CAST(`.
    fn cast_as(&mut self, cast: Cast) {
        let dialect = self.w.dialect();
        let ty = match cast {
            Cast::BigInt => dialect.cast_bigint(),
            Cast::Double => dialect.cast_double(),
        };
        self.w.sql(" AS ").sql(ty).sql(")");
    }

    fn call(&mut self, call: &Call) {
        if call.cast.is_some() {
            self.w.sql("CAST(");
        }
        self.w.sql(call.func.name());
        if call.distinct {
            self.w.sql("DISTINCT ");
        }
        match (&call.arg, call.func) {
            (Some(arg), _) => self.expr(arg),
            (None, Func::Count) => {
                self.w.sql("*");
            }
            (None, _) => {}
        }
        self.w.sql(")");
        if let Some(over) = &call.over {
            self.window(over);
        }
        if let Some(cast) = call.cast {
            self.cast_as(cast);
        }
    }

    fn window(&mut self, spec: &WindowSpec) {
        self.w.sql(" OVER (");
        for (i, p) in spec.partition.iter().enumerate() {
            self.w.sql(if i == 0 { "PARTITION BY " } else { ", " });
            self.expr(p);
        }
        if !spec.partition.is_empty() && !spec.order.is_empty() {
            self.w.sql(" ");
        }
        self.sort_terms("ORDER BY ", &spec.order);
        self.w.sql(")");
    }

    fn sort_terms(&mut self, keyword: &'static str, terms: &[SortTerm]) {
        for (i, t) in terms.iter().enumerate() {
            self.w.sql(if i == 0 { keyword } else { ", " });
            self.expr(&t.expr);
            let ascending = t.direction == Direction::Asc;
            self.w.sql(if ascending { " ASC" } else { " DESC" });
            if t.nullable {
                let nulls = self.w.dialect().order_nulls(ascending);
                self.w.sql(nulls);
            }
        }
    }

    /// A `SELECT` nested in another statement: its columns are always qualified, so that a
    /// name the two scopes share means the inner table and a correlated reference to the
    /// outer table says which table it means.
    fn subquery(&mut self, parts: &SelectParts) {
        let outer = std::mem::replace(&mut self.qualify, true);
        self.select(parts);
        self.qualify = outer;
    }

    /// A whole `SELECT`. Columns are qualified when it joins tables.
    pub(crate) fn select(&mut self, p: &SelectParts) {
        if let Some(why) = p.refused {
            self.invalid(why.into());
        }
        self.check_grouping(p);
        self.check_distinct_order(p);
        let outer = self.qualify;
        self.qualify |= !p.joins.is_empty();
        if let Some(cte) = &p.with {
            self.recursive_cte(cte);
        }
        for (i, cte) in p.ctes.iter().enumerate() {
            self.w.sql(if i == 0 { "WITH " } else { ", " });
            self.w.ident(cte.name).sql(" AS (");
            let outer = std::mem::replace(&mut self.qualify, false);
            self.select(&cte.query);
            self.qualify = outer;
            self.w.sql(")");
        }
        if !p.ctes.is_empty() {
            self.w.sql(" ");
        }
        self.w.sql(if p.distinct {
            "SELECT DISTINCT "
        } else {
            "SELECT "
        });
        if p.items.is_empty() {
            self.w.sql("1");
        }
        for (i, item) in p.items.iter().enumerate() {
            if i > 0 {
                self.w.sql(", ");
            }
            self.expr(item);
        }
        self.w.sql(" FROM ").ident(p.from);
        for j in &p.joins {
            self.w.sql(match j.kind {
                JoinKind::Inner => " INNER JOIN ",
                JoinKind::Left => " LEFT JOIN ",
            });
            self.w.ident(j.table);
            if let Some(alias) = j.alias {
                self.w.sql(" AS ").ident(alias);
            }
            self.w.sql(" ON ");
            self.expr(&j.on);
        }
        self.where_clause(p.filter.as_ref());
        for (i, g) in p.group.iter().enumerate() {
            self.w.sql(if i == 0 { " GROUP BY " } else { ", " });
            self.expr(g);
        }
        if let Some(h) = &p.having {
            self.w.sql(" HAVING ");
            self.expr(h);
        }
        self.sort_terms(" ORDER BY ", &p.order);
        self.limit_offset(p.limit, p.offset);
        self.qualify = outer;
    }

    /// Backends disagree on a select list that mixes aggregates with columns that are not
    /// grouped (PostgreSQL refuses it, MariaDB and SQLite pick a row), so covet refuses it
    /// before anything is sent.
    fn check_grouping(&mut self, p: &SelectParts) {
        let grouped = !p.group.is_empty() || p.items.iter().any(is_aggregate);
        if !grouped {
            return;
        }
        let loose = p
            .items
            .iter()
            .any(|e| !is_aggregate(e) && reads_columns(e) && !p.group.contains(e));
        if loose {
            self.invalid(
                "a query with aggregates can select only aggregates and its `group_by` keys: add the column to `group_by`, or aggregate it".into(),
            );
        }
    }

    /// PostgreSQL refuses `SELECT DISTINCT` ordered by a term it does not select, while the
    /// others sort by a value of some row; covet refuses it on every backend.
    fn check_distinct_order(&mut self, p: &SelectParts) {
        if p.distinct && p.order.iter().any(|t| !p.items.contains(&t.expr)) {
            self.invalid(
                "`distinct` rows can be ordered only by what they select: add the sort key to `select`".into(),
            );
        }
    }

    /// `WITH RECURSIVE name AS (SELECT cols FROM t WHERE seed UNION SELECT t.cols FROM t
    /// INNER JOIN name ON t.child = name.parent) `. `UNION` (not `UNION ALL`) drops rows
    /// found before, so a cycle in the data ends the walk instead of looping.
    fn recursive_cte(&mut self, cte: &RecursiveCte) {
        let outer = std::mem::replace(&mut self.qualify, false);
        self.w
            .sql("WITH RECURSIVE ")
            .ident(cte.name)
            .sql(" AS (SELECT ");
        self.w.list(&cte.columns, ", ", |w, c| {
            w.ident(c);
        });
        self.w.sql(" FROM ").ident(cte.table);
        self.where_clause(cte.seed.as_ref());
        self.w.sql(" UNION SELECT ");
        self.w.list(&cte.columns, ", ", |w, c| {
            w.qualified(cte.table, c);
        });
        self.w.sql(" FROM ").ident(cte.table);
        self.w.sql(" INNER JOIN ").ident(cte.name).sql(" ON ");
        self.w
            .qualified(cte.child.table, cte.child.column)
            .sql(" = ")
            .qualified(cte.name, cte.parent);
        self.qualify = true;
        self.where_clause(cte.step_filter.as_ref());
        self.qualify = outer;
        self.w.sql(") ");
    }
}
