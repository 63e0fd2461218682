//! Splits a migration file into statements at the `;` that end them, skipping `;` inside
//! quotes, comments and PostgreSQL dollar-quoted bodies, so each statement runs (and, on
//! MariaDB, is counted) on its own.

/// The statements of `sql`, trimmed, without comments-only pieces.
pub fn statements(sql: &str) -> Vec<&str> {
    let bytes = sql.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            q @ (b'\'' | b'"' | b'`') => i = skip_quoted(bytes, i, q),
            b'-' if bytes.get(i + 1) == Some(&b'-') => i = skip_to(bytes, i, b"\n"),
            b'/' if bytes.get(i + 1) == Some(&b'*') => i = skip_to(bytes, i + 2, b"*/"),
            b'$' => i = skip_dollar(sql, i),
            b';' => {
                push(&mut out, &sql[start..i]);
                i += 1;
                start = i;
            }
            _ => i += 1,
        }
    }
    push(&mut out, &sql[start..]);
    out
}

fn push<'a>(out: &mut Vec<&'a str>, piece: &'a str) {
    let trimmed = piece.trim();
    if !only_comments(trimmed) {
        out.push(trimmed);
    }
}

fn only_comments(s: &str) -> bool {
    s.lines().all(|l| {
        let l = l.trim();
        l.is_empty() || l.starts_with("--")
    })
}

/// Past the closing quote (a doubled quote stays inside; so does a backslash-escaped one).
fn skip_quoted(b: &[u8], open: usize, q: u8) -> usize {
    let mut i = open + 1;
    while i < b.len() {
        if b[i] == b'\\' && q == b'\'' {
            i += 2;
        } else if b[i] == q {
            if b.get(i + 1) == Some(&q) {
                i += 2;
            } else {
                return i + 1;
            }
        } else {
            i += 1;
        }
    }
    b.len()
}

fn skip_to(b: &[u8], from: usize, end: &[u8]) -> usize {
    b[from..]
        .windows(end.len())
        .position(|w| w == end)
        .map_or(b.len(), |p| from + p + end.len())
}

/// Past a `$tag$ ... $tag$` body; a `$` that does not open one (`$1`) is one character.
fn skip_dollar(sql: &str, open: usize) -> usize {
    let rest = &sql[open + 1..];
    let Some(close) = rest.find('$') else {
        return open + 1;
    };
    let tag = &rest[..close];
    if !tag.bytes().all(|c| c.is_ascii_alphanumeric() || c == b'_')
        || tag.starts_with(|c: char| c.is_ascii_digit())
    {
        return open + 1;
    }
    let delimiter = &sql[open..open + close + 2];
    let body = open + delimiter.len();
    sql[body..]
        .find(delimiter)
        .map_or(sql.len(), |p| body + p + delimiter.len())
}

#[cfg(test)]
mod tests {
    use super::statements;

    #[test]
    fn splits_at_statement_ends_only() {
        let sql = "-- header; with a semicolon\nCREATE TABLE \"a;b\" (x TEXT DEFAULT 'x;y''z');\n/* c; */ INSERT INTO t VALUES ('\\';');\nCREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql;\nSELECT $1;\n-- trailing comment\n";
        assert_eq!(
            statements(sql),
            [
                "-- header; with a semicolon\nCREATE TABLE \"a;b\" (x TEXT DEFAULT 'x;y''z')",
                "/* c; */ INSERT INTO t VALUES ('\\';')",
                "CREATE FUNCTION f() RETURNS int AS $body$ SELECT 1; $body$ LANGUAGE sql",
                "SELECT $1",
            ]
        );
        assert!(statements("-- nothing\n\n").is_empty());
    }
}
