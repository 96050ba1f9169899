//! What the GitHub layer reads from the environment, read in one place: the caller's
//! token and the API root. `barraiser ci` and the bar-raiser commands both use it.

use super::Token;
use super::ci::CiEnvError;

/// The API root when `GITHUB_API_URL` is unset.
pub const DEFAULT_API_URL: &str = "https://api.github.com";

/// The variable `name` through `var`, trimmed; None when unset or blank.
pub fn nonempty(var: &impl Fn(&str) -> Option<String>, name: &str) -> Option<String> {
    var(name)
        .map(|v| v.trim().to_owned())
        .filter(|v| !v.is_empty())
}

/// The token: `GITHUB_TOKEN`, else `GH_TOKEN`.
pub fn token(var: &impl Fn(&str) -> Option<String>) -> Option<Token> {
    nonempty(var, "GITHUB_TOKEN")
        .or_else(|| nonempty(var, "GH_TOKEN"))
        .map(Token::new)
}

/// The API root: `GITHUB_API_URL` without a trailing slash, else [`DEFAULT_API_URL`];
/// an error, with the URL redacted, when it is not an http(s) URL or carries
/// credentials, a query or a fragment.
pub fn api_url(var: &impl Fn(&str) -> Option<String>) -> Result<String, CiEnvError> {
    let api_url = nonempty(var, "GITHUB_API_URL").unwrap_or_else(|| DEFAULT_API_URL.to_owned());
    // Never echoed as written: a URL may carry credentials.
    super::redact::check_api_url(&api_url).map_err(|reason| CiEnvError::Invalid {
        var: "GITHUB_API_URL",
        reason,
    })?;
    Ok(api_url.trim_end_matches('/').to_owned())
}

/// Reads the process environment, for `var` arguments.
pub fn process(name: &str) -> Option<String> {
    std::env::var(name).ok()
}
