//! Browser tests: built sites opened in headless Chromium, over HTTP and from `file://`.
//!
//! Input: the fixture site tests/fixtures/browser-site (built once per run by the `quire` binary,
//! hosted and bundled for `file://`).
//! Output: one `#[test]` per behaviour in the feature modules below. Each test runs in its own
//! Chromium (fresh profile) inside [`run`], which owns the guarantees every test relies on:
//! it bounds the whole test with a timeout, always kills the browser, and fails the test if the
//! page logged a console error, threw, or had a failed request.
//!
//! Every test is marked `#[cfg_attr(not(has_chromium), ignore = …)]`: build.rs sets `has_chromium`
//! when it finds Chromium (or when `CI=true`), so without it `cargo test` lists these tests as
//! ignored, with the reason, and in CI a missing Chromium fails them.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::sync::{Condvar, Mutex};
use std::thread;
use std::time::Duration;

/// Fails the current browser test (returns an error from it) unless the condition holds.
macro_rules! check {
    ($cond:expr, $($msg:tt)+) => {
        if !$cond {
            return Err(format!($($msg)+).into());
        }
    };
}

mod dom;
mod problems;
mod server;
mod session;
mod site;

mod a11y;
mod bundle;
mod harness;
mod images;
mod keyboard;
mod navigation;
mod progress;
mod review;
mod rich_pages;
mod search;
mod site_features;

pub use session::{Outcome, Session};
pub use site::{Mode, SiteUnderTest, fixture_dir, fixture_site, fixture_topics};

/// Why the browser tests cannot run, and what to do about it.
const NOT_FOUND: &str = "chromium not found (install Debian packages chromium chromium-driver)";
/// Where Debian installs Chromium; `CHROME` overrides it (build.rs looks in the same places).
const DEFAULT_CHROMIUM: &str = "/usr/bin/chromium";
/// Other names Chromium goes by on `PATH`.
const CHROMIUM_NAMES: [&str; 3] = ["chromium", "chromium-browser", "google-chrome"];
/// The longest one browser test may take, launch included, before it is failed and Chromium killed.
const TEST_TIMEOUT: Duration = Duration::from_secs(180);
/// How many Chromium instances may run at once (each is several processes; the machine is small).
const MAX_BROWSERS: usize = 2;

/// Runs one browser test: `body` gets a fresh page in a fresh Chromium.
///
/// Panics when Chromium is missing, when the body fails or times out, or when the page reported
/// console errors, exceptions or failed requests. On failure a screenshot and the DOM are saved
/// under the target's tmp dir.
pub fn run<F>(name: &'static str, body: F)
where
    F: FnOnce(&Session) -> Outcome + Send + 'static,
{
    run_with_timeout(name, TEST_TIMEOUT, body);
}

/// [`run`] with a different overall timeout.
pub fn run_with_timeout<F>(name: &'static str, timeout: Duration, body: F)
where
    F: FnOnce(&Session) -> Outcome + Send + 'static,
{
    let Some(chromium) = find_chromium() else {
        panic!("{name}: {NOT_FOUND}");
    };
    session::clear_failure_artifacts(name);
    let _slot = BrowserSlot::acquire();
    let (pid_tx, pid_rx) = mpsc::channel::<u32>();
    let (done_tx, done_rx) = mpsc::channel::<Result<(), String>>();
    let worker = thread::Builder::new()
        .name(format!("browser-{name}"))
        .spawn(move || {
            let outcome = Session::launch(&chromium).and_then(|session| {
                if let Some(pid) = session.pid() {
                    let _ = pid_tx.send(pid);
                }
                let result = body(&session).and_then(|()| session.check_no_problems());
                if let Err(err) = &result {
                    session.save_failure_artifacts(name);
                    return Err(format!("{err}\n{}", session.describe()).into());
                }
                Ok(())
            });
            let _ = done_tx.send(outcome.map_err(|err| err.to_string()));
        })
        .unwrap_or_else(|err| panic!("{name}: could not start the test thread: {err}"));
    match done_rx.recv_timeout(timeout) {
        Ok(Ok(())) => {
            let _ = worker.join();
        }
        Ok(Err(message)) => {
            let _ = worker.join();
            panic!("{name} failed: {message}");
        }
        Err(RecvTimeoutError::Disconnected) => match worker.join() {
            Err(panic) => std::panic::resume_unwind(panic),
            Ok(()) => panic!("{name}: the test thread ended without a result"),
        },
        Err(RecvTimeoutError::Timeout) => {
            // The worker is stuck inside a browser call; kill its Chromium so nothing lingers.
            if let Ok(pid) = pid_rx.try_recv() {
                kill_process(pid);
            }
            panic!(
                "{name}: timed out after {}s (Chromium killed)",
                timeout.as_secs()
            );
        }
    }
}

/// The Chromium binary: `$CHROME` when set (and only it), else `/usr/bin/chromium`, else the
/// usual names on `PATH`.
fn find_chromium() -> Option<PathBuf> {
    if let Some(path) = std::env::var_os("CHROME").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        return is_executable(&path).then_some(path);
    }
    if is_executable(Path::new(DEFAULT_CHROMIUM)) {
        return Some(PathBuf::from(DEFAULT_CHROMIUM));
    }
    let path_var = std::env::var_os("PATH")?;
    std::env::split_paths(&path_var)
        .flat_map(|dir| CHROMIUM_NAMES.iter().map(move |name| dir.join(name)))
        .find(|candidate| is_executable(candidate))
}

fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    path.metadata()
        .is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

/// Kills a process by id (used only for the Chromium this harness launched).
fn kill_process(pid: u32) {
    let _ = std::process::Command::new("kill")
        .args(["-KILL", &pid.to_string()])
        .status();
}

/// A counting semaphore slot: at most [`MAX_BROWSERS`] tests drive a browser at the same time.
struct BrowserSlot;

static RUNNING: Mutex<usize> = Mutex::new(0);
static SLOT_FREED: Condvar = Condvar::new();

impl BrowserSlot {
    fn acquire() -> BrowserSlot {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        while *running >= MAX_BROWSERS {
            running = SLOT_FREED.wait(running).unwrap_or_else(|e| e.into_inner());
        }
        *running += 1;
        BrowserSlot
    }
}

impl Drop for BrowserSlot {
    fn drop(&mut self) {
        let mut running = RUNNING.lock().unwrap_or_else(|e| e.into_inner());
        *running -= 1;
        SLOT_FREED.notify_one();
    }
}
