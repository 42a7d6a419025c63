//! `quire check --external` against a local HTTP server only: dead links are errors at their
//! file:line:column and fail the check, redirects are notes, HEAD falls back to GET, slow servers
//! time out, one host never gets more than `--per-host` requests at once, and good answers are
//! remembered between runs for `--max-age`.
//!
//! Input: a throwaway site whose links point at an axum server on 127.0.0.1 (the listener is
//! bound before the site is written and kept open). Output: the check's exit code and messages,
//! and what the server saw.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

use axum::Router;
use axum::extract::{Path, State};
use axum::http::{Method, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get};

use crate::support::{quire, site};

/// What the server saw: requests per path, and the most `/busy/*` requests in flight at once.
#[derive(Default)]
struct Seen {
    requests: Mutex<HashMap<String, usize>>,
    busy_now: AtomicUsize,
    busy_peak: AtomicUsize,
}

impl Seen {
    fn count(&self, path: &str) -> usize {
        self.requests
            .lock()
            .unwrap()
            .get(path)
            .copied()
            .unwrap_or_default()
    }
}

/// A server that answers each way the check must handle; runs until the test process exits.
fn start_server() -> (SocketAddr, Arc<Seen>) {
    let seen = Arc::new(Seen::default());
    let router = Router::new()
        .route("/ok", get(|| async { "fine" }))
        .route("/gone", get(|| async { StatusCode::NOT_FOUND }))
        .route(
            "/moved",
            get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/ok")]) }),
        )
        .route("/no-head", any(no_head))
        .route(
            "/slow",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(30)).await;
                "too late"
            }),
        )
        .route("/busy/{n}", get(busy))
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&seen),
            count_requests,
        ))
        .with_state(Arc::clone(&seen));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let listener = std::net::TcpListener::bind(("127.0.0.1", 0)).unwrap();
    listener.set_nonblocking(true).unwrap();
    let addr = listener.local_addr().unwrap();
    let listener = {
        let _context = runtime.enter();
        tokio::net::TcpListener::from_std(listener).unwrap()
    };
    thread::spawn(move || runtime.block_on(async { axum::serve(listener, router).await }));
    (addr, seen)
}

async fn count_requests(
    State(seen): State<Arc<Seen>>,
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> Response {
    *seen
        .requests
        .lock()
        .unwrap()
        .entry(request.uri().path().to_string())
        .or_default() += 1;
    next.run(request).await
}

/// Refuses HEAD, as some servers do; GET works.
async fn no_head(method: Method) -> Response {
    if method == Method::HEAD {
        StatusCode::METHOD_NOT_ALLOWED.into_response()
    } else {
        "fine".into_response()
    }
}

/// Holds each request a while, recording how many are in flight at once.
async fn busy(State(seen): State<Arc<Seen>>, Path(_n): Path<u32>) -> &'static str {
    let now = seen.busy_now.fetch_add(1, Ordering::SeqCst) + 1;
    seen.busy_peak.fetch_max(now, Ordering::SeqCst);
    tokio::time::sleep(Duration::from_millis(150)).await;
    seen.busy_now.fetch_sub(1, Ordering::SeqCst);
    "fine"
}

#[test]
fn dead_links_fail_the_check_at_their_place_and_good_answers_are_remembered() {
    let (addr, seen) = start_server();
    let base = format!("http://{addr}");
    let home = format!(
        "---\ntitle: Home\n---\nFine: [ok]({base}/ok#part) and [no head]({base}/no-head).\n\n\
         Gone: [gone]({base}/gone)\n\nMoved: <{base}/moved>\n\nSlow: [slow]({base}/slow)\n"
    );
    let busy: String = (1..=6)
        .map(|n| format!("[b{n}]({base}/busy/{n}) "))
        .collect();
    let page = format!("---\ntitle: Page\n---\n\n{busy}\n\nAgain: [ok]({base}/ok)\n");
    let site = site(&[
        ("content/_index.md", home.as_str()),
        ("content/page.md", page.as_str()),
    ]);
    let dir = site.path().to_str().unwrap();
    let args = [
        "check",
        dir,
        "--external",
        "--timeout",
        "2s",
        "--per-host",
        "2",
    ];

    let run = quire(&args);
    assert_eq!(run.code, 1, "{}\n{}", run.stdout, run.stderr);
    let err = &run.stderr;
    assert!(
        err.contains(&format!("error: dead link: `{base}/gone` (404 Not Found)"))
            && err.contains("content/_index.md:6:7"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "error: dead link: `{base}/slow` (no answer in time"
        )) && err.contains("content/_index.md:10:7"),
        "{err}"
    );
    assert!(
        err.contains(&format!(
            "note: `{base}/moved` redirects permanently (301) to `{base}/ok`"
        )),
        "{err}"
    );
    assert!(!err.contains("/no-head`"), "HEAD falls back to GET: {err}");
    assert!(!err.contains(&format!("link: `{base}/ok`")), "{err}");
    assert_eq!(
        err.matches("error:").count(),
        3,
        "two dead links and the summary: {err}"
    );
    assert_eq!(seen.count("/no-head"), 2, "one HEAD, then one GET");
    assert_eq!(
        seen.busy_peak.load(Ordering::SeqCst),
        2,
        "at most --per-host requests to one host at once (and that many in parallel)"
    );
    assert_eq!(
        seen.count("/ok"),
        2,
        "a URL written twice is asked once (HEAD; and via /moved)"
    );

    // Within --max-age, good answers are not asked again; dead ones and redirects are.
    let run = quire(&args);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_eq!(seen.count("/ok"), 3, "only through the redirect");
    assert_eq!(seen.count("/no-head"), 2);
    assert_eq!(seen.count("/gone"), 4, "HEAD and GET, twice");
    // With --max-age 0 everything is asked again.
    let mut fresh = args.to_vec();
    fresh.extend(["--max-age", "0"]);
    quire(&fresh);
    assert_eq!(seen.count("/no-head"), 4);
}

#[test]
fn external_options_need_external() {
    let run = quire(&["check", ".", "--max-age", "1h"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--external"), "{}", run.stderr);
}
