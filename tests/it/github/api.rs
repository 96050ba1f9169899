//! The Actions environment, the reads approvals need, and the OpenAPI contract itself.

use super::*;

#[test]
fn ci_env_reads_the_event_and_names_missing_variables() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("event.json");
    std::fs::write(&path, r#"{"pull_request":{"number":3,"user":{"login":"dana"},"base":{"ref":"main","sha":"2222222222222222222222222222222222222222"},"head":{"ref":"f","sha":"1111111111111111111111111111111111111111"}}}"#).unwrap();
    let mut vars = HashMap::from([
        ("GH_TOKEN", TOKEN.to_owned()),
        ("GITHUB_REPOSITORY", REPO.to_owned()),
        ("GITHUB_EVENT_PATH", path.display().to_string()),
    ]);
    let env = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap();
    assert_eq!(
        (
            env.event.number,
            env.event.head_sha.as_str(),
            env.event.base_sha.as_str()
        ),
        (3, HEAD, BASE)
    );
    assert_eq!(
        (env.event.author.as_str(), env.event.base_ref.as_str()),
        ("dana", "main")
    );
    assert_eq!(env.api_url, "https://api.github.com");
    assert_eq!(env.require_token().unwrap().expose(), TOKEN);
    assert_eq!(env.repo, Repo::parse(REPO).unwrap());

    vars.remove("GITHUB_REPOSITORY");
    let err = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap_err();
    assert_eq!(err, CiEnvError::Missing("GITHUB_REPOSITORY"));
    assert!(err.to_string().contains("GITHUB_REPOSITORY"));

    vars.insert("GITHUB_REPOSITORY", REPO.to_owned());
    std::fs::write(&path, r#"{"ref":"refs/heads/main"}"#).unwrap();
    let err = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap_err();
    assert!(
        err.to_string().contains("GITHUB_EVENT_PATH") && err.to_string().contains("pull_request"),
        "{err}"
    );

    vars.remove("GH_TOKEN");
    std::fs::write(&path, r#"{"pull_request":{"number":3,"user":{"login":"d"},"base":{"ref":"m","sha":"2222222222222222222222222222222222222222"},"head":{"ref":"f","sha":"1111111111111111111111111111111111111111"}}}"#).unwrap();
    let env = CiEnv::from_vars(|k| vars.get(k).cloned()).unwrap();
    assert!(
        env.require_token()
            .unwrap_err()
            .to_string()
            .contains("GITHUB_TOKEN")
    );
}

#[test]
fn reviews_and_pull_requests_for_approvals() {
    let h = Harness::with(FakeGitHub::start(), |fake| {
        fake.add_user_token(TOKEN, "alice")
    });
    let pull = FakePull {
        number: PR,
        title: "Move orders DB".into(),
        author: "dana".into(),
        state: "open".into(),
        base_ref: "main".into(),
        base_sha: BASE.into(),
        head_sha: HEAD.into(),
        created_at: "2026-11-01T00:00:00Z".into(),
        merged_at: None,
        merge_commit_sha: None,
    };
    h.fake.add_pull(REPO, pull);
    for i in 0..120 {
        h.fake
            .seed_review(REPO, PR, "bob", "COMMENTED", &format!("note {i}"), BASE);
    }
    let repo = Repo::parse(REPO).unwrap();
    let got = h.client.get_pull(&repo, PR).unwrap();
    assert_eq!(
        (
            got.author.as_str(),
            got.head_sha.as_str(),
            got.base_ref.as_str()
        ),
        ("dana", HEAD, "main")
    );
    let review = h
        .client
        .create_review(
            &repo,
            PR,
            &NewReview {
                event: ReviewEvent::Approve,
                body: "approved blob abc",
                commit_id: Some(HEAD),
            },
        )
        .unwrap();
    assert_eq!(
        (
            review.state.as_str(),
            review.author.as_str(),
            review.commit_id.as_str()
        ),
        ("APPROVED", "alice", HEAD)
    );
    let reviews = h.client.list_reviews(&repo, PR).unwrap();
    assert_eq!(reviews.len(), 121);
    assert_eq!(reviews.last().unwrap().id, review.id);
    let missing = h.client.get_pull(&repo, 999).unwrap_err();
    assert_eq!(missing.status(), Some(404));
    assert!(
        missing
            .to_string()
            .starts_with(&format!("GET /repos/{REPO}/pulls/999: HTTP 404")),
        "{missing}"
    );
    h.requests();
}

#[test]
#[should_panic(expected = "no such operation")]
fn the_contract_rejects_octocrabs_post_to_update_a_comment() {
    let request = |method: &str, path: &str, body: &str| Recorded {
        method: method.into(),
        path: path.into(),
        full_path: path.into(),
        query: String::new(),
        body: body.into(),
        authorization: None,
        accept: Vec::new(),
        user_agent: Vec::new(),
        at: std::time::Instant::now(),
    };
    contract::assert_requests_match(&[request(
        "POST",
        "/repos/o/r/issues/comments/5",
        r#"{"body":"x"}"#,
    )]);
}

#[test]
#[should_panic(expected = "is not one of")]
fn the_contract_validates_bodies_against_the_schema() {
    let request = Recorded {
        method: "POST".into(),
        path: format!("/repos/o/r/statuses/{HEAD}"),
        full_path: String::new(),
        query: String::new(),
        body: r#"{"state":"needs-approval","context":"barraiser"}"#.into(),
        authorization: None,
        accept: Vec::new(),
        user_agent: Vec::new(),
        at: std::time::Instant::now(),
    };
    contract::assert_requests_match(&[request]);
}
