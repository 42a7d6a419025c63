//! A tiny static file server for the browser tests.
//!
//! Input: folders mounted at URL prefixes (`/` and `/docs/`, say). Output: an HTTP/1.1 server on
//! `127.0.0.1:<free port>`, one thread per connection, answering GET and HEAD with the right
//! `Content-Type`, `index.html` for folders (and a redirect to add the trailing slash), and 404
//! (the mount's `404.html` when it has one) for anything missing. It lives until the test
//! process exits.

use std::io::{self, BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use std::thread;
use std::time::Duration;

/// How long a connection may take to send its request.
const READ_TIMEOUT: Duration = Duration::from_secs(10);
/// Requests with longer heads than this are refused.
const MAX_HEAD_BYTES: usize = 16 * 1024;

/// A running server; see the module docs.
pub struct StaticServer {
    addr: SocketAddr,
}

/// A folder served under a URL prefix that starts and ends with `/`.
#[derive(Clone)]
struct Mount {
    prefix: String,
    root: PathBuf,
}

impl StaticServer {
    /// Starts serving `mounts` (prefix, folder); the longest matching prefix wins.
    pub fn start(mounts: &[(&str, &Path)]) -> io::Result<StaticServer> {
        let mut mounts: Vec<Mount> = mounts
            .iter()
            .map(|(prefix, root)| Mount {
                prefix: normalize_prefix(prefix),
                root: root.to_path_buf(),
            })
            .collect();
        mounts.sort_by_key(|m| std::cmp::Reverse(m.prefix.len()));
        let mounts = Arc::new(mounts);
        let listener = TcpListener::bind(("127.0.0.1", 0))?;
        let addr = listener.local_addr()?;
        thread::Builder::new()
            .name("static-server".to_string())
            .spawn(move || {
                for stream in listener.incoming().flatten() {
                    let mounts = Arc::clone(&mounts);
                    let _ = thread::Builder::new()
                        .name("static-server-conn".to_string())
                        .spawn(move || {
                            let _ = serve_connection(stream, &mounts);
                        });
                }
            })?;
        Ok(StaticServer { addr })
    }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

fn normalize_prefix(prefix: &str) -> String {
    let trimmed = prefix.trim_matches('/');
    if trimmed.is_empty() {
        "/".to_string()
    } else {
        format!("/{trimmed}/")
    }
}

/// Answers one request, then closes the connection.
fn serve_connection(stream: TcpStream, mounts: &[Mount]) -> io::Result<()> {
    stream.set_read_timeout(Some(READ_TIMEOUT))?;
    stream.set_write_timeout(Some(READ_TIMEOUT))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes the answer.
    let mut head_bytes = request_line.len();
    loop {
        let mut line = String::new();
        let read = reader.read_line(&mut line)?;
        head_bytes += read;
        if read == 0 || line == "\r\n" || line == "\n" || head_bytes > MAX_HEAD_BYTES {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return respond(stream, 400, "text/plain", b"bad request", true);
    };
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(stream, 405, "text/plain", b"method not allowed", head_only);
    }
    let raw_path = target.split(['?', '#']).next().unwrap_or("/");
    let path = percent_decode(raw_path);
    match resolve(&path, mounts) {
        Resolved::File(file) => match std::fs::read(&file) {
            Ok(body) => respond(stream, 200, content_type(&file), &body, head_only),
            Err(_) => not_found(stream, None, head_only),
        },
        Resolved::AddSlash => redirect(stream, &format!("{raw_path}/")),
        Resolved::Redirect(location) => redirect(stream, &location),
        Resolved::Missing(mount) => not_found(stream, mount, head_only),
    }
}

enum Resolved<'a> {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    AddSlash,
    Redirect(String),
    Missing(Option<&'a Mount>),
}

/// Maps a decoded URL path to a file, a redirect (folder without its trailing slash) or nothing.
fn resolve<'a>(path: &str, mounts: &'a [Mount]) -> Resolved<'a> {
    let Some(mount) = mounts
        .iter()
        .find(|m| path.starts_with(&m.prefix) || format!("{path}/") == m.prefix)
    else {
        return Resolved::Missing(None);
    };
    if !path.starts_with(&mount.prefix) {
        return Resolved::Redirect(mount.prefix.clone());
    }
    let relative = &path[mount.prefix.len()..];
    let mut file = mount.root.clone();
    for component in Path::new(relative).components() {
        match component {
            Component::Normal(part) => file.push(part),
            Component::CurDir => {}
            // `..`, or anything absolute: never leave the mounted folder.
            _ => return Resolved::Missing(Some(mount)),
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Resolved::AddSlash;
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::Missing(Some(mount))
    }
}

fn not_found(stream: TcpStream, mount: Option<&Mount>, head_only: bool) -> io::Result<()> {
    let page = mount.and_then(|m| std::fs::read(m.root.join("404.html")).ok());
    match page {
        Some(body) => respond(stream, 404, "text/html; charset=utf-8", &body, head_only),
        None => respond(stream, 404, "text/plain", b"not found", head_only),
    }
}

fn redirect(mut stream: TcpStream, location: &str) -> io::Result<()> {
    write!(
        stream,
        "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\n\
         Connection: close\r\n\r\n"
    )?;
    stream.flush()
}

fn respond(
    mut stream: TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let reason = match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        _ => "Unknown",
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\n\
         Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\n",
        body.len()
    )?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// The `Content-Type` for a file, from its extension.
fn content_type(file: &Path) -> &'static str {
    let extension = file
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json" | "map") => "application/json",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("ico") => "image/x-icon",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        Some("xml") => "application/xml",
        Some("txt") => "text/plain; charset=utf-8",
        Some("zip") => "application/zip",
        _ => "application/octet-stream",
    }
}

/// Decodes `%XX` escapes in a URL path (invalid escapes are kept as they are).
fn percent_decode(path: &str) -> String {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escaped = (bytes[i] == b'%')
            .then(|| bytes.get(i + 1..i + 3))
            .flatten()
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| u8::from_str_radix(hex, 16).ok());
        match escaped {
            Some(byte) => {
                out.push(byte);
                i += 3;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A fetch without a browser: status line, headers and body of `GET path`.
    fn get(server: &StaticServer, path: &str) -> String {
        let mut stream = TcpStream::connect(server.addr).expect("connect");
        write!(stream, "GET {path} HTTP/1.1\r\nHost: x\r\n\r\n").expect("write");
        let mut answer = String::new();
        io::Read::read_to_string(&mut stream, &mut answer).expect("read");
        answer
    }

    #[test]
    fn serves_files_folders_sub_paths_and_404s() {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("a b")).expect("mkdir");
        std::fs::write(dir.path().join("index.html"), "home").expect("write");
        std::fs::write(dir.path().join("a b/index.html"), "topic").expect("write");
        std::fs::write(dir.path().join("app.js"), "js").expect("write");
        std::fs::write(dir.path().join("404.html"), "missing page").expect("write");
        let server =
            StaticServer::start(&[("/", dir.path()), ("/docs/", dir.path())]).expect("start");

        let home = get(&server, "/");
        assert!(home.starts_with("HTTP/1.1 200"), "{home}");
        assert!(
            home.contains("text/html") && home.ends_with("home"),
            "{home}"
        );
        let topic = get(&server, "/docs/a%20b/");
        assert!(
            topic.starts_with("HTTP/1.1 200") && topic.ends_with("topic"),
            "{topic}"
        );
        let js = get(&server, "/docs/app.js?v=1");
        assert!(js.contains("Content-Type: text/javascript"), "{js}");
        let folder = get(&server, "/docs/a%20b");
        assert!(
            folder.contains("301") && folder.contains("Location: /docs/a%20b/"),
            "{folder}"
        );
        let docs = get(&server, "/docs");
        assert!(docs.contains("Location: /docs/"), "{docs}");
        let missing = get(&server, "/docs/nope/");
        assert!(missing.starts_with("HTTP/1.1 404") && missing.ends_with("missing page"));
        let escape = get(&server, "/docs/../../etc/passwd");
        assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
    }
}
