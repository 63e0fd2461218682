//! Reading a connection URL: which backend it names, and a form of it safe to print.

use crate::{Backend, Error, Result};

/// The backend a URL names, from its scheme.
pub(crate) fn backend_of(url: &str) -> Result<Backend> {
    let scheme = url
        .split_once(':')
        .map(|(s, _)| s.to_ascii_lowercase())
        .ok_or_else(|| {
            Error::InvalidUrl("missing scheme: expected sqlite:, postgres: or mysql:".into())
        })?;
    match scheme.as_str() {
        "sqlite" => Ok(Backend::Sqlite),
        "postgres" | "postgresql" => Ok(Backend::Postgres),
        "mysql" | "mariadb" => Ok(Backend::MySql),
        other => Err(Error::InvalidUrl(format!(
            "unknown scheme {other:?}: expected sqlite:, postgres:, postgresql:, mysql: or mariadb:"
        ))),
    }
}

/// sqlx knows MariaDB as `mysql:`.
pub(crate) fn sqlx_url(url: &str, backend: Backend) -> String {
    match (backend, url.get(..8)) {
        (Backend::MySql, Some(p)) if p.eq_ignore_ascii_case("mariadb:") => {
            format!("mysql:{}", &url[8..])
        }
        _ => url.to_owned(),
    }
}

/// The password in `url`, percent-decoded, if it has one.
pub(crate) fn password_of(url: &str) -> Option<String> {
    let parsed = url::Url::parse(url).ok()?;
    let raw = parsed.password()?;
    Some(
        percent_encoding::percent_decode_str(raw)
            .decode_utf8_lossy()
            .into_owned(),
    )
}

/// `url` with its password replaced by `***`, for `Debug` and logs.
pub(crate) fn redact(url: &str) -> String {
    match url::Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        Ok(_) => url.to_owned(),
        // Unparseable: show only the scheme, since the rest may hold a password.
        Err(_) => url.split_once(':').map_or_else(
            || "<invalid url>".to_owned(),
            |(s, _)| format!("{s}:<redacted>"),
        ),
    }
}

/// Removes every occurrence of the password (raw and percent-encoded) from an error message.
pub(crate) fn scrub(message: &str, url: &str) -> String {
    let mut out = message.to_owned();
    if let Ok(u) = url::Url::parse(url)
        && let Some(raw) = u.password().filter(|p| !p.is_empty())
    {
        out = out.replace(raw, "***");
    }
    if let Some(p) = password_of(url).filter(|p| !p.is_empty()) {
        out = out.replace(&p, "***");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes() {
        assert_eq!(backend_of("sqlite::memory:").unwrap(), Backend::Sqlite);
        assert_eq!(backend_of("postgresql://x/y").unwrap(), Backend::Postgres);
        assert_eq!(backend_of("MariaDB://x/y").unwrap(), Backend::MySql);
        assert!(backend_of("oracle://x").is_err());
        assert!(backend_of("nothing").is_err());
        assert_eq!(sqlx_url("mariadb://h/db", Backend::MySql), "mysql://h/db");
    }

    #[test]
    fn passwords_never_survive() {
        let url = "postgres://app:s%40cret@db:5432/app";
        assert_eq!(password_of(url).as_deref(), Some("s@cret"));
        assert_eq!(redact(url), "postgres://app:***@db:5432/app");
        assert_eq!(scrub("bad s@cret and s%40cret", url), "bad *** and ***");
        assert_eq!(redact("postgres://a:pw@[bad"), "postgres:<redacted>");
    }
}
