//! PostgreSQL's `COPY ... FROM STDIN` text format: one line per row, fields separated by tabs,
//! NULL as `\N`. Values are written as data, never as SQL: the statement is only
//! `COPY "t" ("a", "b") FROM STDIN`, and every field is escaped, so a tab, newline or
//! backslash in a value stays inside its field.

use crate::value::truncate_micros;
use crate::{Error, Result, Value};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::fmt::Write as _;

/// Data is handed to the connection in pieces of about this size, so a large load never holds
/// its whole encoding twice.
pub(crate) const CHUNK_BYTES: usize = 1 << 20;

/// Appends one row.
pub(crate) fn push_row(out: &mut Vec<u8>, row: &[Value]) -> Result<()> {
    for (i, v) in row.iter().enumerate() {
        if i > 0 {
            out.push(b'\t');
        }
        push_field(out, v)?;
    }
    out.push(b'\n');
    Ok(())
}

fn push_field(out: &mut Vec<u8>, v: &Value) -> Result<()> {
    let mut text = String::new();
    match v {
        Value::Null(_) => {
            out.extend_from_slice(b"\\N");
            return Ok(());
        }
        Value::Bool(b) => text.push(if *b { 't' } else { 'f' }),
        Value::I16(n) => write_display(&mut text, n),
        Value::I32(n) => write_display(&mut text, n),
        Value::I64(n) => write_display(&mut text, n),
        Value::F32(x) => float(&mut text, f64::from(*x), x.to_string()),
        Value::F64(x) => float(&mut text, *x, x.to_string()),
        Value::Text(s) => text.push_str(s),
        Value::Bytes(b) => {
            // bytea's hex input, `\x0a0b`; its backslash is escaped below like any other.
            text.push_str("\\x");
            for byte in b {
                let _ = write!(text, "{byte:02x}");
            }
        }
        Value::Date(d) => date(&mut text, *d),
        Value::Timestamp(t) => timestamp(&mut text, truncate_micros(*t)),
        Value::TimestampTz(t) => {
            timestamp(&mut text, truncate_micros(*t).naive_utc());
            text.push_str("+00");
        }
        Value::Decimal(d) => write_display(&mut text, d),
        Value::Uuid(u) => write_display(&mut text, u),
        Value::Json(j) => write_display(&mut text, j),
        Value::Array(..) => {
            return Err(Error::InvalidInput(
                "an array value cannot be one field of a COPY row".into(),
            ));
        }
    }
    escape(out, &text);
    Ok(())
}

fn write_display(text: &mut String, v: &impl std::fmt::Display) {
    let _ = write!(text, "{v}");
}

/// Rust prints the shortest text that reads back as the same float; PostgreSQL spells the
/// special values its own way.
fn float(text: &mut String, x: f64, shortest: String) {
    if x.is_nan() {
        text.push_str("NaN");
    } else if x.is_infinite() {
        text.push_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
    } else {
        text.push_str(&shortest);
    }
}

/// ISO dates, with PostgreSQL's `BC` for years before 1 (chrono's year 0 is 1 BC).
fn date(text: &mut String, d: NaiveDate) {
    let year = d.year();
    let (shown, bc) = if year < 1 {
        (1 - year, true)
    } else {
        (year, false)
    };
    let _ = write!(text, "{shown:04}-{:02}-{:02}", d.month(), d.day());
    if bc {
        text.push_str(" BC");
    }
}

fn timestamp(text: &mut String, t: NaiveDateTime) {
    let bc = t.year() < 1;
    date(text, t.date());
    if bc {
        // `BC` goes after the time: take it off and put it back.
        text.truncate(text.len() - 3);
    }
    let _ = write!(
        text,
        " {:02}:{:02}:{:02}.{:06}",
        t.hour(),
        t.minute(),
        t.second(),
        t.nanosecond() / 1_000
    );
    if bc {
        text.push_str(" BC");
    }
}

/// The text format's escapes: backslash, and the characters that end a field or a row.
fn escape(out: &mut Vec<u8>, text: &str) {
    for b in text.bytes() {
        match b {
            b'\\' => out.extend_from_slice(b"\\\\"),
            b'\t' => out.extend_from_slice(b"\\t"),
            b'\n' => out.extend_from_slice(b"\\n"),
            b'\r' => out.extend_from_slice(b"\\r"),
            b => out.push(b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use covet_sql::schema::SqlType;

    fn line(row: &[Value]) -> String {
        let mut out = Vec::new();
        push_row(&mut out, row).expect("row");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn fields_are_escaped_and_nulls_marked() {
        let row = [
            Value::Text("tab\there\nnew\\back\rcr".into()),
            Value::Null(SqlType::Text),
            Value::Text("\\N".into()),
            Value::Bool(true),
            Value::Bytes(vec![0, 255]),
        ];
        assert_eq!(
            line(&row),
            "tab\\there\\nnew\\\\back\\rcr\t\\N\t\\\\N\tt\t\\\\x00ff\n"
        );
    }

    #[test]
    fn numbers_dates_and_special_floats() {
        let d = NaiveDate::from_ymd_opt(-43, 3, 15).expect("date");
        let t = NaiveDate::from_ymd_opt(2024, 2, 29)
            .and_then(|d| d.and_hms_nano_opt(23, 59, 58, 123_456_789))
            .expect("time");
        let row = [
            Value::F64(f64::NAN),
            Value::F32(f32::NEG_INFINITY),
            Value::F64(0.1),
            Value::Date(d),
            Value::Timestamp(t),
            Value::TimestampTz(t.and_utc()),
        ];
        assert_eq!(
            line(&row),
            "NaN\t-Infinity\t0.1\t0044-03-15 BC\t2024-02-29 23:59:58.123456\t2024-02-29 23:59:58.123456+00\n"
        );
    }
}
