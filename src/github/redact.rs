//! URLs as they may appear in errors and logs: never with credentials.
//!
//! `GITHUB_API_URL` and `GITHUB_SERVER_URL` come from the environment, and a mistyped
//! one can hold a token (`https://user:token@host/`). Every message that shows a URL
//! shows it through [`redact`].

/// `url` with any `user:password@` part replaced by `***@`, and without its query and
/// fragment (`?access_token=...`). Text that is not a URL at all is redacted the same
/// way, by treating everything up to the first `/` as the host part.
pub fn redact(url: &str) -> String {
    let (scheme, rest) = match url.find("://") {
        Some(i) => url.split_at(i + 3),
        None => ("", url),
    };
    let rest = rest.split(['?', '#']).next().unwrap_or_default();
    let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let host = match authority.rfind('@') {
        Some(i) => format!("***@{}", &authority[i + 1..]),
        None => authority.to_owned(),
    };
    let dropped = if url.len() > scheme.len() + rest.len() {
        "?***"
    } else {
        ""
    };
    // A path can hold an `@` too (`https://host/user:token@x`); a real API root never does.
    let path = if path.contains('@') { "/***" } else { path };
    format!("{scheme}{host}{path}{dropped}")
}

/// Whether `url` can be an API root: http(s), no credentials, no query or fragment.
/// The reason, when it cannot, shows the URL redacted.
pub fn check_api_url(url: &str) -> Result<(), String> {
    let shown = redact(url);
    if !(url.starts_with("https://") || url.starts_with("http://")) {
        return Err(format!("not an http(s) URL: {shown:?}"));
    }
    let rest = &url[url.find("://").map_or(0, |i| i + 3)..];
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Err(format!(
            "{shown:?} holds credentials (`user:password@`); remove them and pass the token \
             in GITHUB_TOKEN or GH_TOKEN"
        ));
    }
    if rest.contains(['?', '#', '@'])
        || rest.chars().any(char::is_whitespace)
        || authority.is_empty()
    {
        return Err(format!("not a plain http(s) URL: {shown:?}"));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credentials_queries_and_fragments_never_show() {
        for (url, shown) in [
            ("https://api.github.com", "https://api.github.com"),
            ("https://ghe.example/api/v3/", "https://ghe.example/api/v3/"),
            (
                "https://user:s3cret@ghe.example/api",
                "https://***@ghe.example/api",
            ),
            ("htps://user:s3cret@host/", "htps://***@host/"),
            ("user:s3cret@host", "***@host"),
            (
                "https://host/api?access_token=s3cret",
                "https://host/api?***",
            ),
            ("https://host/a#s3cret", "https://host/a?***"),
            ("https://host/x:s3cret@y", "https://host/***"),
            ("https://a@b@host/", "https://***@host/"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
            assert!(!redact(url).contains("s3cret"), "{url}");
        }
    }

    #[test]
    fn api_roots_with_credentials_are_refused_without_echoing_them() {
        assert_eq!(check_api_url("https://api.github.com"), Ok(()));
        assert_eq!(check_api_url("http://127.0.0.1:8080/api/v3"), Ok(()));
        for bad in [
            "https://user:s3cret@ghe.example/",
            "htps://user:s3cret@ghe.example/",
            "ghe.example?token=s3cret",
            "https://ghe.example/?token=s3cret",
            "https://",
            "https://ghe example/",
        ] {
            let reason = check_api_url(bad).expect_err(bad);
            assert!(!reason.contains("s3cret"), "{reason}");
        }
    }
}
