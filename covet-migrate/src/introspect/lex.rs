//! Reading back the bits of SQL text the catalogs return: check clauses, column defaults and
//! SQLite's `CREATE TABLE` statements. The text is only ever parsed into data here, never
//! sent back to a database.

use crate::snapshot::{ColumnType, Decimal, Number, Rule};

/// One token of SQL text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Tok {
    /// A bare word: a keyword, a function or an unquoted identifier.
    Word(String),
    /// A quoted identifier (`"x"`, `` `x` ``, `[x]`), unquoted.
    Quoted(String),
    /// A string literal, unquoted.
    Str(String),
    /// A number as written (digits and at most one `.`).
    Num(String),
    /// Punctuation or an operator.
    Sym(String),
}

impl Tok {
    fn is_word(&self, word: &str) -> bool {
        matches!(self, Self::Word(w) if w.eq_ignore_ascii_case(word))
    }

    fn is_sym(&self, sym: &str) -> bool {
        matches!(self, Self::Sym(s) if s == sym)
    }

    /// The identifier this token names, quoted or bare.
    pub(crate) fn ident(&self) -> Option<&str> {
        match self {
            Self::Word(w) | Self::Quoted(w) => Some(w),
            _ => None,
        }
    }
}

/// The tokens of `sql`; comments are skipped.
pub(crate) fn tokens(sql: &str) -> Vec<Tok> {
    let chars: Vec<char> = sql.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let next = chars.get(i + 1).copied();
        if c.is_whitespace() {
            i += 1;
        } else if c == '-' && next == Some('-') {
            while i < chars.len() && chars[i] != '\n' {
                i += 1;
            }
        } else if c == '/' && next == Some('*') {
            i += 2;
            while i < chars.len() && !(chars[i] == '*' && chars.get(i + 1) == Some(&'/')) {
                i += 1;
            }
            i += 2;
        } else if matches!(c, '\'' | '"' | '`' | '[') {
            let close = if c == '[' { ']' } else { c };
            let (text, end) = quoted(&chars, i, close);
            out.push(if c == '\'' {
                Tok::Str(text)
            } else {
                Tok::Quoted(text)
            });
            i = end;
        } else if c.is_ascii_digit() || (c == '.' && next.is_some_and(|n| n.is_ascii_digit())) {
            let start = i;
            while i < chars.len() && (chars[i].is_ascii_digit() || chars[i] == '.') {
                i += 1;
            }
            out.push(Tok::Num(chars[start..i].iter().collect()));
        } else if c.is_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_alphanumeric() || chars[i] == '_' || chars[i] == '$')
            {
                i += 1;
            }
            out.push(Tok::Word(chars[start..i].iter().collect()));
        } else {
            let two: String = chars[i..chars.len().min(i + 2)].iter().collect();
            let sym = if [">=", "<=", "<>", "!=", "::", "||"].contains(&two.as_str()) {
                two
            } else {
                c.to_string()
            };
            i += sym.chars().count();
            out.push(Tok::Sym(sym));
        }
    }
    out
}

/// The text between quotes starting at `open`, with doubled quotes (and, in strings, backslash
/// escapes as MariaDB writes them) undone; and the index past the closing quote.
fn quoted(chars: &[char], open: usize, close: char) -> (String, usize) {
    let mut text = String::new();
    let mut i = open + 1;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && close == '\'' && i + 1 < chars.len() {
            text.push(chars[i + 1]);
            i += 2;
        } else if c == close {
            if chars.get(i + 1) == Some(&close) && close != ']' {
                text.push(close);
                i += 2;
            } else {
                return (text, i + 1);
            }
        } else {
            text.push(c);
            i += 1;
        }
    }
    (text, i)
}

/// Removes `::type` casts (PostgreSQL writes `'a'::text`, `(0)::double precision`).
fn strip_casts(toks: &[Tok]) -> Vec<Tok> {
    let mut out = Vec::with_capacity(toks.len());
    let mut i = 0;
    while i < toks.len() {
        if !toks[i].is_sym("::") {
            out.push(toks[i].clone());
            i += 1;
            continue;
        }
        i += 1;
        while matches!(toks.get(i), Some(Tok::Word(_) | Tok::Quoted(_))) {
            i += 1;
            if toks.get(i).is_some_and(|t| t.is_sym("(")) {
                while i < toks.len() && !toks[i].is_sym(")") {
                    i += 1;
                }
                i += 1;
            }
        }
    }
    out
}

/// A number in its canonical spelling (see [`Decimal`]): leading zeros and trailing
/// fractional zeros dropped, a whole number as an integer.
pub(crate) fn number(text: &str) -> Option<Number> {
    let (negative, digits) = match text.trim().strip_prefix('-') {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text.trim().trim_start_matches('+')),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let valid = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if !valid(int) || !valid(frac) || (int.is_empty() && frac.is_empty()) {
        return None;
    }
    let int = int.trim_start_matches('0');
    let int = if int.is_empty() { "0" } else { int };
    let frac = frac.trim_end_matches('0');
    let sign = if negative && (int != "0" || !frac.is_empty()) {
        "-"
    } else {
        ""
    };
    if frac.is_empty() {
        format!("{sign}{int}").parse().ok().map(Number::Int)
    } else {
        Decimal::new(format!("{sign}{int}.{frac}"))
            .ok()
            .map(Number::Decimal)
    }
}

/// A numeric literal made of `toks` (`5`, `- 5`, PostgreSQL's `'-5'`).
fn literal(toks: &[Tok]) -> Option<Number> {
    match toks {
        [Tok::Num(n)] | [Tok::Str(n)] => number(n),
        [Tok::Sym(minus), Tok::Num(n)] if minus == "-" => number(&format!("-{n}")),
        _ => None,
    }
}

/// The rule a check clause states, if it is one covet writes: comparisons of a column (or of
/// its length) with numbers, joined by `AND`.
pub(crate) fn check_rule(clause: &[Tok]) -> Option<Rule> {
    // PostgreSQL's definition starts with the keyword; the others give the clause alone.
    let clause = match clause {
        [first, rest @ ..] if first.is_word("CHECK") => rest,
        all => all,
    };
    let toks: Vec<Tok> = strip_casts(clause)
        .into_iter()
        .filter(|t| !t.is_sym("(") && !t.is_sym(")"))
        .collect();
    let mut column: Option<(String, bool)> = None;
    let (mut min, mut max) = (None, None);
    for term in toks.split(|t| t.is_word("AND")) {
        let at = term.iter().position(|t| t.is_sym(">=") || t.is_sym("<="))?;
        let subject = match &term[..at] {
            [c] => (c.ident()?.to_owned(), false),
            [f, c] if f.is_word("char_length") || f.is_word("length") => {
                (c.ident()?.to_owned(), true)
            }
            _ => return None,
        };
        if column.as_ref().is_some_and(|c| *c != subject) {
            return None;
        }
        column = Some(subject);
        let bound = literal(&term[at + 1..])?;
        let slot = if term[at].is_sym(">=") {
            &mut min
        } else {
            &mut max
        };
        if slot.replace(bound).is_some() {
            return None;
        }
    }
    let (column, is_length) = column?;
    if !is_length {
        return Some(Rule::Range { column, min, max });
    }
    let count = |n: Option<Number>| match n {
        None => Some(None),
        Some(Number::Int(i)) => u32::try_from(i).ok().map(Some),
        Some(Number::Decimal(_)) => None,
    };
    Some(Rule::Length {
        column,
        min: count(min)?,
        max: count(max)?,
    })
}

/// A default expression in one spelling for every backend, so that the models' defaults and
/// the catalogs' agree: casts and outer parentheses dropped, numbers canonical, booleans
/// `TRUE`/`FALSE`, the current time `CURRENT_TIMESTAMP`, strings quoted with `'`.
pub(crate) fn normalize_default(text: &str, ty: ColumnType) -> String {
    let mut toks = strip_casts(&tokens(text));
    while toks.first().is_some_and(|t| t.is_sym("("))
        && toks.last().is_some_and(|t| t.is_sym(")"))
        && balanced(&toks[1..toks.len() - 1])
    {
        toks = toks[1..toks.len() - 1].to_vec();
    }
    let boolean = |b: bool| if b { "TRUE" } else { "FALSE" }.to_owned();
    match toks.as_slice() {
        [Tok::Word(w)] if w.eq_ignore_ascii_case("true") => return boolean(true),
        [Tok::Word(w)] if w.eq_ignore_ascii_case("false") => return boolean(false),
        [Tok::Word(w)] | [Tok::Word(w), Tok::Sym(_), Tok::Sym(_)]
            if w.eq_ignore_ascii_case("current_timestamp") || w.eq_ignore_ascii_case("now") =>
        {
            return "CURRENT_TIMESTAMP".to_owned();
        }
        _ => {}
    }
    if let Some(n) = literal(&toks) {
        let numeric_text = !matches!(toks.as_slice(), [Tok::Str(_)]) || ty.is_numeric();
        if ty == ColumnType::Bool && matches!(n, Number::Int(0 | 1)) {
            return boolean(n == Number::Int(1));
        }
        if numeric_text {
            return match n {
                Number::Int(i) => i.to_string(),
                Number::Decimal(d) => d.as_str().to_owned(),
            };
        }
    }
    match toks.as_slice() {
        [Tok::Str(s)] => format!("'{}'", s.replace('\'', "''")),
        _ => text.trim().to_owned(),
    }
}

fn balanced(toks: &[Tok]) -> bool {
    let mut depth = 0_i32;
    for t in toks {
        if t.is_sym("(") {
            depth += 1;
        } else if t.is_sym(")") {
            depth -= 1;
            if depth < 0 {
                return false;
            }
        }
    }
    depth == 0
}

/// A constraint declared with a name in a `CREATE TABLE` statement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Named {
    /// `CONSTRAINT n UNIQUE (cols)`.
    Unique(String, Vec<String>),
    /// `CONSTRAINT n FOREIGN KEY (cols) ...`.
    ForeignKey(String, Vec<String>),
    /// `CONSTRAINT n CHECK (...)`, with the clause's tokens.
    Check(String, Vec<Tok>),
}

/// The named constraints of a `CREATE TABLE` statement (SQLite keeps only the statement).
pub(crate) fn named_constraints(create: &str) -> Vec<Named> {
    let toks = tokens(create);
    let mut out = Vec::new();
    let mut i = 0;
    while i + 2 < toks.len() {
        if !toks[i].is_word("CONSTRAINT") {
            i += 1;
            continue;
        }
        let Some(name) = toks[i + 1].ident().map(str::to_owned) else {
            i += 1;
            continue;
        };
        let kind = &toks[i + 2];
        let body_at = if kind.is_word("FOREIGN") {
            i + 4
        } else {
            i + 3
        };
        let (body, end) = parenthesized(&toks, body_at);
        let names = || {
            body.iter()
                .filter_map(Tok::ident)
                .map(str::to_owned)
                .collect()
        };
        if kind.is_word("UNIQUE") {
            out.push(Named::Unique(name, names()));
        } else if kind.is_word("FOREIGN") {
            out.push(Named::ForeignKey(name, names()));
        } else if kind.is_word("CHECK") {
            out.push(Named::Check(name, body.to_vec()));
        }
        i = end.max(i + 1);
    }
    out
}

/// The tokens inside the parentheses opening at `open`, and the index past the closing one.
fn parenthesized(toks: &[Tok], open: usize) -> (&[Tok], usize) {
    if !toks.get(open).is_some_and(|t| t.is_sym("(")) {
        return (&[], open);
    }
    let mut depth = 0;
    for (i, t) in toks.iter().enumerate().skip(open) {
        if t.is_sym("(") {
            depth += 1;
        } else if t.is_sym(")") {
            depth -= 1;
            if depth == 0 {
                return (&toks[open + 1..i], i + 1);
            }
        }
    }
    (&toks[open + 1..], toks.len())
}

#[cfg(test)]
mod tests;
