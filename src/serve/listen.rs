//! The connections of `quire serve`: accepts them and hands each to hyper, with bounds on what a
//! client can make the server hold. A request head (line and headers) is at most 16 KiB and must
//! arrive within 10 s; request bodies are never read; at most so many connections are open at
//! once, below the process's file-descriptor limit so that rebuilds always have descriptors to
//! read the site with. Running out of descriptors anyway (EMFILE, ENFILE) pauses accepting until
//! some are free again; nothing stops the accept loop.

use std::convert::Infallible;
use std::io;
use std::sync::Arc;
use std::time::{Duration, Instant};

use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;

use super::{Shared, http};

/// The longest request head (request line and headers); longer ones get 431.
const MAX_HEAD_BYTES: usize = 16 * 1024;
/// How long a client may take to send a request head, or stay idle between requests.
const HEAD_TIMEOUT: Duration = Duration::from_secs(10);
/// The most connections open at once, however many descriptors the process may have.
const MAX_CONNECTIONS: usize = 1024;
/// Descriptors left to everything but connections: the rebuilds, the watcher, the terminal.
const RESERVED_DESCRIPTORS: u64 = 32;
/// Waits between tries to accept while the process is out of descriptors: doubling from the first.
const FIRST_BACKOFF: Duration = Duration::from_millis(10);
const MAX_BACKOFF: Duration = Duration::from_secs(1);
/// A failing accept is reported at most this often (freed descriptors go fast, and come back).
const REPORT_EVERY: Duration = Duration::from_secs(60);

/// Accepts connections on `listener` and serves each on a task of its own, until the runtime ends.
pub(super) async fn accept_loop(listener: TcpListener, shared: Arc<Shared>) {
    let console = shared.console;
    let limit = connection_limit();
    console.detail(&format!("at most {limit} connections at once"));
    let slots = Arc::new(Semaphore::new(limit));
    let protocol = protocol();
    let mut full = false;
    let mut backoff: Option<Duration> = None;
    let mut reported: Option<Instant> = None;
    loop {
        if slots.available_permits() >= limit / 2 {
            full = false;
        }
        let slot = match Arc::clone(&slots).try_acquire_owned() {
            Ok(slot) => slot,
            Err(_) => {
                if !full {
                    full = true;
                    console.warning(&format!(
                        "{limit} connections are open, the most this server takes; new ones wait until one closes"
                    ));
                }
                match Arc::clone(&slots).acquire_owned().await {
                    Ok(slot) => slot,
                    Err(_closed) => return,
                }
            }
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(err) if is_connection_error(&err) => continue,
            Err(err) => {
                let wait = backoff.map_or(FIRST_BACKOFF, |last| (last * 2).min(MAX_BACKOFF));
                backoff = Some(wait);
                if reported.is_none_or(|at| at.elapsed() >= REPORT_EVERY) {
                    reported = Some(Instant::now());
                    console.warning(&format!(
                        "cannot accept connections ({err}); trying again until it works"
                    ));
                }
                drop(slot);
                tokio::time::sleep(wait).await;
                continue;
            }
        };
        backoff = None;
        // Small writes (live-reload events) go out at once.
        let _ = stream.set_nodelay(true);
        let shared = Arc::clone(&shared);
        let service = service_fn(move |request| {
            let response = http::handle(&request, &shared);
            async move { Ok::<_, Infallible>(response) }
        });
        let connection = protocol.serve_connection(TokioIo::new(stream), service);
        tokio::spawn(async move {
            // A client that breaks the protocol or goes away has nobody to tell.
            let _ = connection.await;
            drop(slot);
        });
    }
}

/// HTTP/1.1 with the bounds on request heads.
fn protocol() -> http1::Builder {
    let mut protocol = http1::Builder::new();
    protocol
        .timer(TokioTimer::new())
        .header_read_timeout(HEAD_TIMEOUT)
        .max_header_size(MAX_HEAD_BYTES)
        // `Content-Type`, as every HTTP/1 server writes it, rather than `content-type`.
        .title_case_headers(true);
    protocol
}

/// Errors of one incoming connection (it was gone before it was accepted), not of the listener.
fn is_connection_error(err: &io::Error) -> bool {
    matches!(
        err.kind(),
        io::ErrorKind::ConnectionRefused
            | io::ErrorKind::ConnectionAborted
            | io::ErrorKind::ConnectionReset
    )
}

/// How many connections may be open at once: what the descriptor limit leaves after the reserve.
fn connection_limit() -> usize {
    let descriptors = open_file_limit().saturating_sub(RESERVED_DESCRIPTORS);
    usize::try_from(descriptors).map_or(MAX_CONNECTIONS, |n| n.clamp(8, MAX_CONNECTIONS))
}

/// The process's soft limit on open files.
#[cfg(target_os = "linux")]
fn open_file_limit() -> u64 {
    let limit = rustix::process::getrlimit(rustix::process::Resource::Nofile);
    limit.current.unwrap_or(u64::MAX)
}

/// The process's limit on open files: macOS's default soft limit, the lowest in common use.
#[cfg(not(target_os = "linux"))]
fn open_file_limit() -> u64 {
    256
}
