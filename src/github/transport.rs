//! The HTTP stack under octocrab: rustls (ring, bundled webpki roots), connect/read/write
//! timeouts, the API root, the token, and the headers GitHub's REST conventions ask for.
//!
//! octocrab's default builder always appends `User-Agent: octocrab`, so a second value
//! could not replace it; building the same stack here sends exactly one of each header.

use std::sync::Arc;

use http::header::{ACCEPT, HeaderName, HeaderValue, USER_AGENT};
use octocrab::service::middleware::auth_header::AuthHeaderLayer;
use octocrab::service::middleware::base_uri::BaseUriLayer;
use octocrab::service::middleware::extra_headers::ExtraHeadersLayer;
use tower::Layer as _;

use super::{ClientConfig, Error, Token};

/// The media type GitHub documents for the REST API.
pub const ACCEPT_JSON: &str = "application/vnd.github+json";

/// `barraiser/<version>`, as GitHub asks clients to identify themselves.
pub fn user_agent() -> String {
    format!("barraiser/{}", env!("CARGO_PKG_VERSION"))
}

/// The headers every request carries.
pub fn default_headers() -> Vec<(HeaderName, HeaderValue)> {
    vec![
        (ACCEPT, HeaderValue::from_static(ACCEPT_JSON)),
        (
            USER_AGENT,
            HeaderValue::from_str(&user_agent()).unwrap_or(HeaderValue::from_static("barraiser")),
        ),
    ]
}

/// An octocrab client over the stack above. Call inside the runtime that will drive it.
pub fn octocrab(
    api_url: &str,
    token: &Token,
    config: &ClientConfig,
) -> Result<octocrab::Octocrab, Error> {
    let setup =
        |what: &str, e: &dyn std::fmt::Display| Error::Setup(token.scrub(&format!("{what}: {e}")));
    let base: http::Uri = api_url.parse().map_err(|e| {
        let shown = super::redact::redact(api_url);
        setup(&format!("invalid API URL {shown:?}"), &e)
    })?;
    let auth = HeaderValue::from_str(&format!("Bearer {}", token.expose()))
        .map_err(|e| setup("the token is not a valid header value", &e))?;
    let connector = hyper_rustls::HttpsConnectorBuilder::new()
        .with_provider_and_webpki_roots(Arc::new(rustls::crypto::ring::default_provider()))
        .map_err(|e| setup("cannot set up TLS", &e))?
        .https_or_http()
        .enable_http1()
        .build();
    let mut connector = hyper_timeout::TimeoutConnector::new(connector);
    connector.set_connect_timeout(Some(config.connect_timeout));
    connector.set_read_timeout(Some(config.read_timeout));
    connector.set_write_timeout(Some(config.read_timeout));
    let client = hyper_util::client::legacy::Client::builder(hyper_util::rt::TokioExecutor::new())
        .build::<_, octocrab::OctoBody>(connector);
    // Same order as octocrab's own stack: headers nearest the wire, then the API root,
    // then the token (which AuthHeaderLayer only sends to the API root's host).
    let client = ExtraHeadersLayer::new(Arc::new(default_headers())).layer(client);
    let client = BaseUriLayer::new(base.clone()).layer(client);
    let client = AuthHeaderLayer::new(Some(auth), base.clone(), base).layer(client);
    octocrab::OctocrabBuilder::new_empty()
        .with_service(client)
        .with_auth(octocrab::AuthState::None)
        .build()
        .map_err(|e| match e {})
}
