//! Paginated reads against a scripted loopback server: a list that does not end within the
//! page cap is an error, and an item that shows up on two pages is read once.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::sync::{Arc, Mutex};
use std::time::Duration;

use barraiser::github::{Client, ClientConfig, Error, GitHub, Repo, RetryPolicy, Token};
use serde_json::{Value, json};

/// Serves `pages(page_number)` as (items, has_next) for any path; records the queries.
fn serve(
    pages: impl Fn(u64) -> (Vec<Value>, bool) + Send + 'static,
) -> (String, Arc<Mutex<Vec<String>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").unwrap();
    let url = format!("http://{}", server.server_addr().to_ip().unwrap());
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    let base = url.clone();
    std::thread::spawn(move || {
        for request in server.incoming_requests().take(100) {
            let path = request.url().to_owned();
            log.lock().unwrap().push(path.clone());
            let page = path
                .split(['?', '&'])
                .find_map(|kv| kv.strip_prefix("page="))
                .and_then(|p| p.parse().ok())
                .unwrap_or(1);
            let (items, next) = pages(page);
            let mut response = tiny_http::Response::from_string(Value::Array(items).to_string());
            if next {
                let link = format!("<{base}/x?page={}>; rel=\"next\"", page + 1);
                response.add_header(tiny_http::Header::from_bytes("link", link).unwrap());
            }
            let _ = request.respond(response);
        }
    });
    (url, seen)
}

fn client(url: &str, max_pages: u32) -> Client {
    let mut config = ClientConfig::new(url);
    config.max_pages = max_pages;
    config.retry = RetryPolicy {
        max_attempts: 1,
        base_backoff: Duration::from_millis(1),
        max_wait: Duration::from_secs(1),
    };
    Client::new(Token::new("t0ken".to_owned()), config).unwrap()
}

fn comment(id: u64, body: &str) -> Value {
    json!({ "id": id, "body": body, "user": { "login": "dana" },
            "html_url": format!("https://github.example/c/{id}") })
}

#[test]
fn a_list_still_going_at_the_page_cap_is_an_error() {
    let (url, seen) = serve(|page| {
        (
            (page * 100..page * 100 + 100)
                .map(|id| comment(id, "x"))
                .collect(),
            true,
        )
    });
    let repo = Repo::parse("acme/shop").unwrap();
    let err = client(&url, 3).list_issue_comments(&repo, 7).unwrap_err();
    assert!(matches!(err, Error::Truncated { pages: 3, .. }), "{err:?}");
    let text = err.to_string();
    assert!(
        text.contains("stopped after 3 pages of 100 and more remain"),
        "{text}"
    );
    assert!(
        text.contains("refusing to decide on a truncated list"),
        "{text}"
    );
    assert_eq!(seen.lock().unwrap().len(), 3);
}

#[test]
fn an_item_seen_on_two_pages_is_read_once_with_its_latest_data() {
    // Page 2 starts with the last item of page 1 again, as when a comment is added at the
    // front while the pages are read; its body was edited in between.
    let (url, _) = serve(|page| match page {
        1 => ((1..=100).map(|id| comment(id, "old")).collect(), true),
        _ => (
            std::iter::once(comment(100, "edited"))
                .chain((101..=120).map(|id| comment(id, "x")))
                .collect(),
            false,
        ),
    });
    let repo = Repo::parse("acme/shop").unwrap();
    let comments = client(&url, 10).list_issue_comments(&repo, 7).unwrap();
    let ids: Vec<u64> = comments.iter().map(|c| c.id).collect();
    assert_eq!(ids, (1..=120).collect::<Vec<_>>());
    assert_eq!(comments[99].body, "edited");
}
