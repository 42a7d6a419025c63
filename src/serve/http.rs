//! HTTP for `quire serve`: maps request paths to the built site held in memory (never to the disk,
//! so nothing outside the site can be reached), with a Content-Type by extension, `404.html` for
//! unknown paths, and the live-reload snippet injected into every HTML response. Requests for a
//! host name nobody allowed are refused (see `host`).

use std::borrow::Cow;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::header::{CONTENT_TYPE, HOST, HeaderValue, LOCATION};
use hyper::{Method, Request, Response, StatusCode};

use super::response::{Body, add_common_headers};
use super::{Shared, Snapshot, reload};
use crate::write::Packed;

/// What to answer, before the live-reload snippet is added.
enum Reply {
    /// A file of the built site (`404.html` with status 404 for unknown paths), unpacked.
    File {
        status: StatusCode,
        path: String,
        bytes: Bytes,
    },
    /// `/x` where `/x/` is a page: relative links only work from the URL with the slash.
    Redirect(String),
    Text(StatusCode, String),
    /// No build has succeeded yet: a page that only shows the errors (and reloads on a fix).
    NothingBuilt,
}

/// Answers one request. The request's body is never read.
pub(super) fn handle<B>(request: &Request<B>, shared: &Shared) -> Response<Body> {
    let uri = request.uri();
    let raw_path = uri.path();
    let query = uri.query().unwrap_or_default();
    let method = request.method();
    let snapshot = shared.snapshot();
    let reply = if let Some(host) = refused_host(request, shared) {
        Reply::Text(StatusCode::FORBIDDEN, refusal(&host))
    } else if !matches!(*method, Method::GET | Method::HEAD) {
        Reply::Text(
            StatusCode::METHOD_NOT_ALLOWED,
            "405 Method Not Allowed: this server only reads\n".into(),
        )
    } else if raw_path == reload::EVENTS_PATH {
        shared
            .console
            .detail(&format!("{method} {uri} (live reload)"));
        return reload::events(shared, query);
    } else if raw_path == reload::SCRIPT_PATH {
        Reply::File {
            status: StatusCode::OK,
            path: "live.js".into(),
            bytes: Bytes::from_static(reload::SCRIPT.as_bytes()),
        }
    } else {
        match site_path(raw_path) {
            Some(path) => lookup(&snapshot, &path, raw_path),
            None => Reply::Text(
                StatusCode::BAD_REQUEST,
                "400 Bad Request: not a path inside the site\n".into(),
            ),
        }
    };
    let response = respond(reply, &snapshot);
    shared
        .console
        .detail(&format!("{method} {uri} {}", response.status().as_u16()));
    response
}

/// The host a request names (its `Host:` header, or the authority of an absolute URL) when this
/// server does not answer for it. A request that names no host cannot come from a browser page.
fn refused_host<B>(request: &Request<B>, shared: &Shared) -> Option<String> {
    let header = request.headers().get(HOST).map(|value| {
        value
            .to_str()
            .map_or_else(|_| "(not text)".to_string(), str::to_string)
    });
    let authority = request.uri().authority().map(|a| a.as_str().to_string());
    header
        .into_iter()
        .chain(authority)
        .find(|host| !shared.hosts.allows(host))
}

fn refusal(host: &str) -> String {
    let host: String = host
        .chars()
        .filter(char::is_ascii_graphic)
        .take(100)
        .collect();
    format!(
        "403 Forbidden: this server answers requests for localhost and IP addresses, not for \
         `{host}`.\nTo serve the site under that name, start quire serve with --allow-host {host}\n"
    )
}

/// Finds the file for a decoded site path ("" is the home page, "x/" is `x/index.html`).
fn lookup(snapshot: &Snapshot, path: &str, raw_path: &str) -> Reply {
    let files = &snapshot.files;
    if files.is_empty() {
        return Reply::NothingBuilt;
    }
    let key = if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    };
    if let Some(packed) = files.get(&key) {
        return Reply::File {
            status: StatusCode::OK,
            path: key,
            bytes: unpack(packed),
        };
    }
    let is_folder = !path.is_empty()
        && !path.ends_with('/')
        && !raw_path.starts_with("//")
        && files.contains_key(&format!("{path}/index.html"));
    if is_folder {
        return Reply::Redirect(format!("{raw_path}/"));
    }
    match files.get("404.html") {
        Some(packed) => Reply::File {
            status: StatusCode::NOT_FOUND,
            path: "404.html".into(),
            bytes: unpack(packed),
        },
        None => Reply::Text(StatusCode::NOT_FOUND, "404 Not Found\n".into()),
    }
}

/// A kept file's bytes as they were built.
fn unpack(packed: &Packed) -> Bytes {
    match packed.unpack() {
        Cow::Owned(bytes) => Bytes::from(bytes),
        Cow::Borrowed(bytes) => Bytes::copy_from_slice(bytes),
    }
}

fn respond(reply: Reply, snapshot: &Snapshot) -> Response<Body> {
    match reply {
        Reply::File {
            status,
            path,
            bytes,
        } => {
            let content_type = content_type(&path);
            let body = if content_type.starts_with("text/html") {
                let snippet = reload::snippet(&snapshot.token, &snapshot.errors);
                Bytes::from(inject(&bytes, &snippet))
            } else {
                bytes
            };
            response(status, content_type, body)
        }
        Reply::Redirect(location) => {
            let body = Bytes::from(format!("Moved to {location}\n"));
            let mut response = response(
                StatusCode::MOVED_PERMANENTLY,
                "text/plain; charset=utf-8",
                body,
            );
            // Made of a request path, which is valid in a header; if not, the body still says it.
            if let Ok(location) = HeaderValue::from_str(&location) {
                response.headers_mut().insert(LOCATION, location);
            }
            response
        }
        Reply::Text(status, text) => response(status, "text/plain; charset=utf-8", text.into()),
        Reply::NothingBuilt => {
            let page = format!(
                "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>quire: the site does not build</title></head>\n<body>{}</body></html>\n",
                reload::snippet(&snapshot.token, &snapshot.errors)
            );
            response(
                StatusCode::INTERNAL_SERVER_ERROR,
                "text/html; charset=utf-8",
                page.into(),
            )
        }
    }
}

fn response(status: StatusCode, content_type: &'static str, body: Bytes) -> Response<Body> {
    let mut response = Response::new(Full::new(body).boxed_unsync());
    *response.status_mut() = status;
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(content_type));
    add_common_headers(headers);
    response
}

/// The site path a request path names: percent-decoded, without the leading `/`. `None` for
/// anything that is not a plain path inside the site (`..`, `.`, backslashes, bad escapes).
fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw.strip_prefix('/')?)?;
    let unsafe_segment = decoded
        .split('/')
        .any(|s| s == ".." || s == "." || s.contains(['\\', '\0']));
    (!unsafe_segment).then_some(decoded)
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let high = hex_value(*bytes.get(i + 1)?)?;
            let low = hex_value(*bytes.get(i + 2)?)?;
            out.push(high << 4 | low);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|d| u8::try_from(d).ok())
}

/// Inserts `snippet` before the last `</body>` (or at the end when there is none).
fn inject(html: &[u8], snippet: &str) -> Vec<u8> {
    let at = html
        .windows(7)
        .rposition(|w| w.eq_ignore_ascii_case(b"</body>"))
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + snippet.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(snippet.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// The Content-Type for a file name, by extension.
fn content_type(path: &str) -> &'static str {
    let name = path.rsplit('/').next().unwrap_or(path);
    let extension = name
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" | "map" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "woff" => "font/woff",
        "woff2" => "font/woff2",
        "ttf" => "font/ttf",
        "otf" => "font/otf",
        "pdf" => "application/pdf",
        "zip" => "application/zip",
        "wasm" => "application/wasm",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_util::FutureExt;
    use std::sync::Arc;

    #[test]
    fn kept_files_are_served_as_built_with_the_snippet_in_pages() {
        let page = format!(
            "<!doctype html>\n<body>{}</body>\n",
            "<p>text</p>\n".repeat(100)
        );
        let png = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR".to_vec();
        let files: super::super::Files = [("index.html", page.as_bytes()), ("a.png", &png)]
            .into_iter()
            .map(|(path, bytes)| (path.to_string(), Arc::new(Packed::new(bytes))))
            .collect();
        assert!(matches!(*files["index.html"], Packed::Zstd { .. }));
        let snapshot = Snapshot {
            files: Arc::new(files),
            errors: Vec::new(),
            token: "t-1".into(),
        };
        let body = |path: &str| {
            let response = respond(lookup(&snapshot, path, path), &snapshot);
            let body = response.into_body().collect().now_or_never();
            body.unwrap().unwrap().to_bytes()
        };
        let snippet = reload::snippet("t-1", &[]);
        assert_eq!(body(""), inject(page.as_bytes(), &snippet));
        assert_eq!(body("a.png"), png);
    }

    #[test]
    fn paths_are_decoded_and_traversal_is_refused() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/a%20b/c.png").as_deref(), Some("a b/c.png"));
        for bad in [
            "/../etc/passwd",
            "/a/../../etc/passwd",
            "/%2e%2e/%2e%2e/etc/passwd",
            "/..%2f..%2fetc%2fpasswd",
            "/..%5c..%5cwindows",
            "/./x",
            "/%zz",
            "/%+1",
            "/%ff",
            "relative",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_snippet_goes_before_the_last_body_end() {
        assert_eq!(
            inject(b"<body>a</BODY></html>", "<s>"),
            b"<body>a<s></BODY></html>"
        );
        assert_eq!(inject(b"<p>no body", "<s>"), b"<p>no body<s>");
    }

    #[test]
    fn content_types_follow_the_extension() {
        assert_eq!(content_type("a/index.html"), "text/html; charset=utf-8");
        assert_eq!(
            content_type("assets/quire.3f9a.CSS"),
            "text/css; charset=utf-8"
        );
        assert_eq!(
            content_type("search/index.ab12.js").split(';').next(),
            Some("text/javascript")
        );
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }
}
