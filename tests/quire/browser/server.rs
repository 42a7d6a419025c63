//! The static file server for the browser tests: axum with tower-http's `ServeDir`.
//!
//! Input: folders mounted at URL prefixes (`/` and `/docs/`, say). Output: a server on
//! `127.0.0.1` at a port the OS picked, answering with each file's content type, `index.html`
//! for folders (redirecting `/a` to `/a/`), and the mount's `404.html` with status 404 for
//! anything missing. It runs on its own thread until the test process exits.

use std::io;
use std::net::SocketAddr;
use std::path::Path;
use std::thread;

use axum::Router;
use axum::http::HeaderValue;
use axum::http::header::LOCATION;
use axum::middleware::map_response;
use axum::response::{Redirect, Response};
use axum::routing::get;
use tower_http::services::{ServeDir, ServeFile};
use tower_http::set_status::SetStatus;

/// A running server; see the module docs.
pub struct StaticServer {
    addr: SocketAddr,
}

impl StaticServer {
    /// Starts serving `mounts` (URL prefix, folder).
    pub fn start(mounts: &[(&str, &Path)]) -> io::Result<StaticServer> {
        let mut router = Router::new();
        for (prefix, root) in mounts {
            let files = site_files(root);
            let prefix = prefix.trim_matches('/');
            router = if prefix.is_empty() {
                router.fallback_service(files)
            } else {
                router.merge(sub_path(prefix, files))
            };
        }
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_io()
            .build()?;
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0))?;
        listener.set_nonblocking(true)?;
        let addr = listener.local_addr()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        thread::Builder::new()
            .name("static-server".to_string())
            .spawn(move || runtime.block_on(async { axum::serve(listener, router).await }))?;
        Ok(StaticServer { addr })
    }

    /// The absolute URL of `path` (which starts with `/`) on this server.
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}

/// The files under `root`, and its `404.html` with status 404 for a path that names none.
fn site_files(root: &Path) -> ServeDir<SetStatus<ServeFile>> {
    ServeDir::new(root).not_found_service(ServeFile::new(root.join("404.html")))
}

/// `files` under `/{prefix}/`, with `/{prefix}` redirected there (so relative links resolve).
fn sub_path(prefix: &str, files: ServeDir<SetStatus<ServeFile>>) -> Router {
    let folder = format!("/{prefix}/");
    let mount = format!("/{prefix}");
    Router::new()
        .route(
            &mount,
            get(move || async move { Redirect::permanent(&folder) }),
        )
        .nest_service(&format!("/{prefix}/"), files)
        // ServeDir sees paths with the prefix taken off: put it back into its redirects.
        .layer(map_response(move |mut response: Response| {
            let mount = mount.clone();
            async move {
                let location = response
                    .headers()
                    .get(LOCATION)
                    .and_then(|l| l.to_str().ok());
                if let Some(location) = location.filter(|l| l.starts_with('/'))
                    && let Ok(value) = HeaderValue::from_str(&format!("{mount}{location}"))
                {
                    response.headers_mut().insert(LOCATION, value);
                }
                response
            }
        }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Write};
    use std::net::TcpStream;

    /// A fetch without a browser: status line, headers and body of `GET path`.
    fn get(server: &StaticServer, path: &str) -> String {
        let mut stream = TcpStream::connect(server.addr).expect("connect");
        write!(
            stream,
            "GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
        )
        .expect("write");
        let mut answer = String::new();
        stream.read_to_string(&mut answer).expect("read");
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
        assert!(js.contains("content-type: text/javascript"), "{js}");
        let folder = get(&server, "/docs/a%20b");
        assert!(
            folder.starts_with("HTTP/1.1 30") && folder.contains("location: /docs/a%20b/"),
            "{folder}"
        );
        let docs = get(&server, "/docs");
        assert!(
            docs.starts_with("HTTP/1.1 30") && docs.contains("location: /docs/"),
            "{docs}"
        );
        let missing = get(&server, "/docs/nope/");
        assert!(
            missing.starts_with("HTTP/1.1 404") && missing.ends_with("missing page"),
            "{missing}"
        );
        let escape = get(&server, "/docs/../../etc/passwd");
        assert!(escape.starts_with("HTTP/1.1 404"), "{escape}");
    }
}
