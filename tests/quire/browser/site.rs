//! The site under test: built with the real `quire` binary, once per test run.
//!
//! Input: the fixture site made for these tests, tests/fixtures/browser-site (two sections of
//! topics with cross-links, code, admonitions, a table and words to search for; the tests read
//! its sidebar rather than hard-coding its pages). Output: its hosted build served by a
//! [`StaticServer`] (at `/` and under the sub-path `/docs/`) and its offline bundle
//! (`quire bundle`, unzipped) opened from `file://`, behind a [`SiteUnderTest`] that turns page paths into URLs for either mode.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;
use std::thread;
use std::time::{Duration, Instant};

use super::server::StaticServer;

/// How long one `quire build` may take.
const BUILD_TIMEOUT: Duration = Duration::from_secs(120);

/// How a test reaches the site.
#[derive(Clone, Copy, Debug)]
pub enum Mode {
    /// The hosted build over `http://127.0.0.1:<port>/`.
    Http,
    /// The hosted build under a sub-path, `http://127.0.0.1:<port>/docs/`.
    HttpSubPath,
    /// The offline bundle (`quire bundle`, unzipped) from `file://`.
    File,
}

/// A built site reachable in one [`Mode`].
pub struct SiteUnderTest {
    /// The site root's URL, ending in `/`.
    base: String,
    offline: bool,
}

impl SiteUnderTest {
    /// The URL of a page given its site-root-relative URL (`""` for home, `"internals/gil/"`).
    /// Offline, it names the `index.html` file as the site's own links do.
    pub fn url(&self, path: &str) -> String {
        if self.offline && (path.is_empty() || path.ends_with('/')) {
            format!("{}{path}index.html", self.base)
        } else {
            format!("{}{path}", self.base)
        }
    }

    /// The URL of a topic or section page from its key (`internals/gil`, `internals`).
    pub fn page(&self, key: &str) -> String {
        self.url(&format!("{}/", key.trim_matches('/')))
    }

    /// True for the `file://` build.
    pub fn is_offline(&self) -> bool {
        self.offline
    }
}

/// The fixture site, built once and shared by every test.
struct Built {
    offline: PathBuf,
    server: StaticServer,
}

/// The folder of the fixture site.
pub fn fixture_dir() -> PathBuf {
    crate::support::fixture("browser-site")
}

/// The fixture site in the given mode. Panics (failing the test) if it does not build.
pub fn fixture_site(mode: Mode) -> SiteUnderTest {
    static BUILT: OnceLock<Result<Built, String>> = OnceLock::new();
    let built = BUILT
        .get_or_init(|| build_fixture_site().map_err(|e| format!("building the fixture site: {e}")))
        .as_ref()
        .unwrap_or_else(|e| panic!("{e}"));
    match mode {
        Mode::Http => SiteUnderTest {
            base: built.server.url("/"),
            offline: false,
        },
        Mode::HttpSubPath => SiteUnderTest {
            base: built.server.url("/docs/"),
            offline: false,
        },
        Mode::File => SiteUnderTest {
            base: file_url(&built.offline),
            offline: true,
        },
    }
}

/// The fixture's topic pages as (key, Markdown source), keys like `basics/first-steps`, sorted:
/// what the tests expect to find in the sidebar and on the print page.
pub fn fixture_topics() -> Vec<(String, String)> {
    let content = fixture_dir().join("content");
    let mut topics: Vec<(String, String)> = walkdir::WalkDir::new(&content)
        .min_depth(2)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "md") && e.file_name() != "_index.md")
        .map(|e| {
            let key = e
                .path()
                .strip_prefix(&content)
                .unwrap_or(e.path())
                .with_extension("");
            let source = std::fs::read_to_string(e.path()).unwrap_or_default();
            (key.to_string_lossy().into_owned(), source)
        })
        .collect();
    topics.sort();
    topics
}

fn build_fixture_site() -> Result<Built, String> {
    let site_dir = fixture_dir();
    let site_dir = site_dir.as_path();
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-sites");
    let hosted = out.join("fixture-hosted");
    build_site(site_dir, &hosted)?;
    // What a learner downloads: `quire bundle`, unzipped; its one top-level folder is the site.
    let zip = out.join("fixture-bundle.zip");
    run_quire(&[
        "bundle",
        &site_dir.to_string_lossy(),
        "-o",
        &zip.to_string_lossy(),
    ])?;
    let unzipped = out.join("fixture-bundle");
    let _ = std::fs::remove_dir_all(&unzipped);
    let file = std::fs::File::open(&zip).map_err(|e| format!("{}: {e}", zip.display()))?;
    let mut archive = zip::ZipArchive::new(file).map_err(|e| format!("reading the bundle: {e}"))?;
    let top = archive
        .by_index(0)
        .map_err(|e| e.to_string())?
        .name()
        .map_err(|e| e.to_string())?
        .split('/')
        .next()
        .unwrap_or_default()
        .to_string();
    archive
        .extract(&unzipped)
        .map_err(|e| format!("unzipping the bundle: {e}"))?;
    let offline = unzipped.join(top);
    let server = StaticServer::start(&[("/", &hosted), ("/docs/", &hosted)])
        .map_err(|e| format!("starting the static server: {e}"))?;
    Ok(Built { offline, server })
}

/// Runs `quire build SITE --out OUT`, bounded by [`BUILD_TIMEOUT`].
fn build_site(site_dir: &Path, out: &Path) -> Result<(), String> {
    run_quire(&[
        "build",
        &site_dir.to_string_lossy(),
        "--out",
        &out.to_string_lossy(),
    ])
}

/// Runs `quire ARGS…`, bounded by [`BUILD_TIMEOUT`]; an error carries its output.
pub fn run_quire(args: &[&str]) -> Result<(), String> {
    let mut command = Command::new(env!("CARGO_BIN_EXE_quire"));
    command.args(args);
    let shown = format!("{command:?}");
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("{shown}: {e}"))?;
    // Drain both pipes while waiting, so a chatty build cannot block on a full pipe.
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().map_err(|e| e.to_string())? {
            break status;
        }
        if started.elapsed() > BUILD_TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!("{shown} timed out after {BUILD_TIMEOUT:?}"));
        }
        thread::sleep(Duration::from_millis(20));
    };
    if !status.success() {
        let text = |h: thread::JoinHandle<String>| h.join().unwrap_or_default();
        return Err(format!(
            "{shown} failed ({status}):\n{}{}",
            text(stdout),
            text(stderr)
        ));
    }
    Ok(())
}

/// Reads a child's pipe to the end on a thread.
fn drain(pipe: Option<impl Read + Send + 'static>) -> thread::JoinHandle<String> {
    thread::spawn(move || {
        let mut text = String::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_string(&mut text);
        }
        text
    })
}

/// A `file://` URL for a folder, ending in `/` (bytes outside the safe set are %-escaped).
pub fn file_url(dir: &Path) -> String {
    let mut url = String::from("file://");
    for byte in dir.to_string_lossy().bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            url.push(char::from(byte));
        } else {
            url.push_str(&format!("%{byte:02X}"));
        }
    }
    if !url.ends_with('/') {
        url.push('/');
    }
    url
}
