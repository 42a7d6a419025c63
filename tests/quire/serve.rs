//! `quire serve`: serves the site from memory, rebuilds on edits, survives broken edits with an
//! overlay, announces builds over SSE, and never serves anything outside the site.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::support::quire;

/// How long an edit (or an answer) may take to show up before the test fails.
pub(crate) const TIMEOUT: Duration = Duration::from_secs(10);

/// A running `quire serve`, killed when dropped (also when a test panics).
pub(crate) struct Server {
    child: Child,
    /// `127.0.0.1:PORT`, as printed.
    pub(crate) addr: String,
    stderr: Arc<Mutex<String>>,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `quire serve SITE --port 0 ARGS...`, its output piped, ready for `Server::spawn`.
pub(crate) fn serve_command(site: &Path, args: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command
        .args(["serve", site.to_str().unwrap(), "--port", "0"])
        .args(args)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    command
}

impl Server {
    /// Starts `quire serve SITE --port 0` and waits for the URL it prints.
    pub(crate) fn start(site: &Path) -> Server {
        Server::spawn(serve_command(site, &[]))
    }

    /// Runs a `serve_command` and waits for the URL it prints.
    pub(crate) fn spawn(mut command: Command) -> Server {
        let mut child = command.spawn().expect("quire serve starts");
        let stdout = child.stdout.take().unwrap();
        let stderr = child.stderr.take().unwrap();
        let lines = lines_of(stdout);
        let collected = Arc::new(Mutex::new(String::new()));
        let sink = Arc::clone(&collected);
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                sink.lock().unwrap().push_str(&(line + "\n"));
            }
        });
        let mut server = Server {
            child,
            addr: String::new(),
            stderr: collected,
        };
        let deadline = Instant::now() + TIMEOUT;
        while server.addr.is_empty() {
            let left = deadline.saturating_duration_since(Instant::now());
            let line = lines
                .recv_timeout(left)
                .unwrap_or_else(|_| panic!("no URL printed; stderr:\n{}", server.stderr()));
            if let Some(rest) = line.split("http://").nth(1) {
                server.addr = rest.split('/').next().unwrap().to_string();
            }
        }
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || while lines.recv().is_ok() {});
        server
    }

    pub(crate) fn pid(&self) -> u32 {
        self.child.id()
    }

    /// What the server printed to stderr so far.
    pub(crate) fn stderr(&self) -> String {
        self.stderr.lock().unwrap().clone()
    }

    /// Waits until the server has printed `text` to stderr.
    pub(crate) fn wait_for_stderr(&self, text: &str) {
        let deadline = Instant::now() + TIMEOUT;
        while !self.stderr.lock().unwrap().contains(text) {
            assert!(
                Instant::now() < deadline,
                "the server never printed {text:?}; stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    pub(crate) fn get(&self, path: &str) -> (u16, String, String) {
        get(&self.addr, path)
    }

    /// Polls `path` until `done` holds for its body, or fails with the last answer.
    fn wait_for(&self, path: &str, what: &str, done: impl Fn(u16, &str) -> bool) -> String {
        let deadline = Instant::now() + TIMEOUT;
        loop {
            let (status, _, body) = self.get(path);
            if done(status, &body) {
                return body;
            }
            assert!(
                Instant::now() < deadline,
                "timed out waiting for {what} at {path} (last status {status}); stderr:\n{}",
                self.stderr()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

fn lines_of(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// A plain HTTP/1.1 GET with the path sent exactly as given: (status, headers, body).
pub(crate) fn get(addr: &str, path: &str) -> (u16, String, String) {
    exchange(
        addr,
        &format!("GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )
}

/// Sends `request` as it is on a new connection and reads the answer: (status, headers, body).
pub(crate) fn exchange(addr: &str, request: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    read_response(&mut stream)
}

/// Reads a whole `Connection: close` response: (status, headers, body).
pub(crate) fn read_response(stream: &mut TcpStream) -> (u16, String, String) {
    let mut response = Vec::new();
    stream.read_to_end(&mut response).unwrap();
    let response = String::from_utf8_lossy(&response).into_owned();
    let (head, body) = response.split_once("\r\n\r\n").unwrap_or((&response, ""));
    let status = head
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line in {head:?}"));
    (status, head.to_string(), body.to_string())
}

/// A fresh `quire init` site in a temp folder.
pub(crate) fn new_site() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    let run = quire(&["init", site.to_str().unwrap()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    (dir, site)
}

pub(crate) const PAGE: &str = "/guide/getting-started/";

#[test]
fn serves_rebuilds_and_recovers_from_a_broken_edit() {
    let (_dir, site) = new_site();
    let page_file = site.join("content/guide/getting-started.md");
    let server = Server::start(&site);

    let (status, head, body) = server.get(PAGE);
    assert_eq!(status, 200);
    assert!(
        head.contains("Content-Type: text/html; charset=utf-8"),
        "{head}"
    );
    assert!(body.contains("about five minutes"));
    assert!(body.contains("<script src=\"/__quire/live.js\""));
    assert!(!body.contains("quire-error-overlay"));

    // An edit shows up.
    let original = std::fs::read_to_string(&page_file).unwrap();
    std::fs::write(
        &page_file,
        original.replace("about five minutes", "about seven minutes"),
    )
    .unwrap();
    server.wait_for(PAGE, "the edit", |_, body| {
        body.contains("about seven minutes")
    });

    // A broken edit keeps the last good page up, with the error over it.
    std::fs::write(&page_file, "---\ntitel: Broken <zz-tag>\n---\nBody\n").unwrap();
    let body = server.wait_for(PAGE, "the error overlay", |status, body| {
        status == 200 && body.contains("quire-error-overlay")
    });
    assert!(
        body.contains("content/guide/getting-started.md:2:1"),
        "the overlay names file:line:col"
    );
    assert!(body.contains("unknown key `titel`"));
    assert!(
        body.contains("about seven minutes"),
        "the last good page stays"
    );
    assert!(!body.contains("<zz-tag>"), "the error text is escaped");
    assert!(body.contains("&lt;zz-tag&gt;"));
    assert_eq!(server.get("/").0, 200, "other pages are still served");
    server.wait_for_stderr("unknown key `titel`");

    // Fixing it takes the overlay away.
    std::fs::write(&page_file, &original).unwrap();
    server.wait_for(PAGE, "the fixed page", |status, body| {
        status == 200
            && !body.contains("quire-error-overlay")
            && body.contains("about five minutes")
    });
}

#[test]
fn open_tabs_hear_about_every_build_over_sse() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    let (_, _, body) = server.get(PAGE);
    let token = body
        .split("data-token=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("the page names its build");

    let mut stream = TcpStream::connect(&server.addr).unwrap();
    stream.set_read_timeout(Some(TIMEOUT)).unwrap();
    write!(
        stream,
        "GET /__quire/events?since={token} HTTP/1.1\r\nHost: {}\r\n\r\n",
        server.addr
    )
    .unwrap();
    let mut events = BufReader::new(stream);
    let mut head = String::new();
    while !head.ends_with("\r\n\r\n") {
        assert!(events.read_line(&mut head).unwrap() > 0, "{head}");
    }
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.contains("Content-Type: text/event-stream"), "{head}");

    let file = site.join("content/_index.md");
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text.replace("Welcome!", "Hello!")).unwrap();
    let mut line = String::new();
    while !line.starts_with("event: reload") {
        line.clear();
        assert!(events.read_line(&mut line).unwrap() > 0, "stream closed");
    }
    line.clear();
    events.read_line(&mut line).unwrap();
    let announced = line.trim().strip_prefix("data: ").unwrap();
    assert_ne!(announced, token, "a new build has a new token");
    let (_, _, home) = server.get("/");
    assert!(home.contains(&format!("data-token=\"{announced}\"")));
    assert!(home.contains("Hello!"));
}

#[test]
fn only_the_built_site_is_served() {
    let (_dir, site) = new_site();
    let server = Server::start(&site);
    for path in [
        "/../../etc/passwd",
        "/guide/../../../etc/passwd",
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2f..%2fetc%2fpasswd",
        "/..%5c..%5csite.yaml",
        "/%2e%2e/site.yaml",
        "/content/_index.md",
        "/site.yaml",
    ] {
        let (status, _, body) = server.get(path);
        assert!(matches!(status, 400 | 404), "{path}: {status}");
        assert!(!body.contains("root:"), "{path} leaked a file");
        assert!(
            !body.contains("title: My Project Docs"),
            "{path} leaked a source"
        );
    }

    let (status, head, body) = server.get("/no/such/page/");
    assert_eq!(status, 404);
    assert!(head.contains("text/html"), "{head}");
    assert!(body.contains("<html"), "404.html is served");

    let (status, head, _) = server.get("/guide");
    assert_eq!(status, 301);
    assert!(head.contains("Location: /guide/"), "{head}");

    // Assets get their type by extension.
    let (_, _, home) = server.get("/");
    let css = home
        .split("href=\"./")
        .filter_map(|rest| rest.split('"').next())
        .find(|href| href.ends_with(".css"))
        .expect("the home page links its stylesheet");
    let (status, head, _) = server.get(&format!("/{css}"));
    assert_eq!(status, 200, "{css}");
    assert!(head.contains("Content-Type: text/css"), "{head}");
}

#[test]
fn only_ip_addresses_localhost_and_allowed_names_are_answered() {
    let (_dir, site) = new_site();
    let server = Server::spawn(serve_command(&site, &["--allow-host", "Docs.Test"]));
    let port = server.addr.rsplit(':').next().unwrap();
    let ask = |host: &str, target: &str| {
        exchange(
            &server.addr,
            &format!("GET {target} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"),
        )
    };
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        format!("[::1]:{port}"),
        "docs.localhost".to_string(),
        format!("docs.test:{port}"),
    ] {
        let (status, _, body) = ask(&host, PAGE);
        assert_eq!(status, 200, "{host}");
        assert!(body.contains("about five minutes"), "{host}");
    }
    for (host, target) in [
        ("evil.example", PAGE),
        ("evil.example:80", "/"),
        ("localhost.evil.example", "/"),
        ("evil.example", "/__quire/events?since="),
        ("evil.example", "/__quire/live.js"),
        ("127.0.0.1", "http://evil.example/"),
    ] {
        let (status, head, body) = ask(host, target);
        assert_eq!(status, 403, "{host} {target}");
        assert!(head.contains("Content-Type: text/plain"), "{head}");
        assert!(body.contains("--allow-host"), "{body}");
        assert!(!body.contains("<html"), "{host} {target} leaked a page");
    }
}

#[test]
fn edits_to_included_files_outside_the_watched_folders_rebuild() {
    // The site lives in a project's work tree and includes a file of the project, one beside
    // `content/`, and one that does not exist yet.
    let (dir, site) = new_site();
    std::fs::create_dir_all(dir.path().join(".git")).unwrap();
    std::fs::create_dir_all(dir.path().join("src")).unwrap();
    std::fs::create_dir_all(site.join("listings")).unwrap();
    let project_file = dir.path().join("src/lib.rs");
    let listing = site.join("listings/hello.sh");
    std::fs::write(&project_file, "pub fn first_version() {}\n").unwrap();
    std::fs::write(&listing, "echo first-listing\n").unwrap();
    let page_file = site.join("content/guide/getting-started.md");
    let page = std::fs::read_to_string(&page_file).unwrap()
        + "\n```rust\n{{#include ../../../src/lib.rs}}\n```\n\n```sh\n{{#include ../../listings/hello.sh}}\n```\n";
    std::fs::write(&page_file, &page).unwrap();
    let server = Server::start(&site);
    server.wait_for(PAGE, "the included files", |status, body| {
        status == 200 && body.contains("first_version") && body.contains("first-listing")
    });

    std::fs::write(&project_file, "pub fn second_version() {}\n").unwrap();
    server.wait_for(PAGE, "the edit outside the site", |_, body| {
        body.contains("second_version")
    });
    std::fs::write(&listing, "echo second-listing\n").unwrap();
    server.wait_for(PAGE, "the edit beside content/", |_, body| {
        body.contains("second-listing")
    });

    // An include of a file that is not there yet fails the build; creating the file fixes it.
    let later = site.join("listings/later.sh");
    std::fs::write(
        &page_file,
        page + "\n```sh\n{{#include ../../listings/later.sh}}\n```\n",
    )
    .unwrap();
    server.wait_for(PAGE, "the error overlay", |_, body| {
        body.contains("quire-error-overlay") && body.contains("no such file")
    });
    std::fs::write(&later, "echo created-later\n").unwrap();
    server.wait_for(PAGE, "the created file", |_, body| {
        !body.contains("quire-error-overlay") && body.contains("created-later")
    });
}
