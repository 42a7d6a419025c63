//! One headless Chromium with one page: launching it, driving it, and recording what went wrong.
//!
//! Input: the Chromium binary. Output: a [`Session`] whose helpers (navigate, click, evaluate as
//! JSON, poll until a condition holds, press keys) all have timeouts, and which collects every
//! console error, uncaught exception and failed request the page produced. Dropping the session
//! kills Chromium and removes its profile.

use std::error::Error;
use std::ffi::OsStr;
use std::fmt::Display;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use headless_chrome::protocol::cdp::{Input, Page, Runtime};
use headless_chrome::{Browser, LaunchOptions, Tab};
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::problems::{self, PageLog};

/// What a browser test step returns: any error, as long as it can cross threads.
pub type Outcome<T = ()> = Result<T, Box<dyn Error + Send + Sync>>;

/// How long a page load, click-through or other single step may take.
pub const STEP_TIMEOUT: Duration = Duration::from_secs(15);
/// How often [`Session::wait_until`] re-checks its condition.
const POLL_INTERVAL: Duration = Duration::from_millis(50);
/// How long the DevTools connection may stay silent (also bounds each protocol call).
const PROTOCOL_TIMEOUT: Duration = Duration::from_secs(60);
/// A desktop-sized window, so the wide layout (open sidebar) applies.
const WINDOW_SIZE: (u32, u32) = (1280, 900);
/// Flags from the product owner's list; the crate adds `--headless`, `--no-sandbox` (sandbox
/// off), `--disable-gpu` and `--user-data-dir` from the launch options, and they are repeated here.
const CHROMIUM_ARGS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
];

/// A running Chromium, its page, and what the page has reported so far.
pub struct Session {
    tab: Arc<Tab>,
    log: Arc<Mutex<PageLog>>,
    // Field order matters for drop: the browser (and its process) goes before its profile dir.
    browser: Browser,
    _profile: tempfile::TempDir,
}

/// Adds a sentence of context to an error on its way up.
pub trait Context<T> {
    fn context(self, what: impl Display) -> Outcome<T>;
}

impl<T, E: Display> Context<T> for Result<T, E> {
    fn context(self, what: impl Display) -> Outcome<T> {
        self.map_err(|err| format!("{what}: {err}").into())
    }
}

impl Session {
    /// Starts Chromium with a fresh profile and opens a page with error capture switched on.
    pub fn launch(chromium: &Path) -> Outcome<Session> {
        let profile = tempfile::Builder::new()
            .prefix("quire-browser-profile")
            .tempdir()
            .context("creating a Chromium profile dir")?;
        let options = LaunchOptions {
            path: Some(chromium.to_path_buf()),
            headless: true,
            sandbox: false,
            enable_gpu: false,
            // Chromium picks a free port and prints its DevTools URL, which the crate reads back.
            port: Some(0),
            window_size: Some(WINDOW_SIZE),
            user_data_dir: Some(profile.path().to_path_buf()),
            idle_browser_timeout: PROTOCOL_TIMEOUT,
            args: CHROMIUM_ARGS.iter().map(OsStr::new).collect(),
            ..LaunchOptions::default()
        };
        let browser = Browser::new(options).context("launching Chromium")?;
        let tab = browser.new_tab().context("opening a tab")?;
        tab.set_default_timeout(STEP_TIMEOUT);
        let session = Session {
            tab,
            log: Arc::default(),
            browser,
            _profile: profile,
        };
        problems::capture(&session.tab, Arc::clone(&session.log))?;
        Ok(session)
    }

    /// The browser's process id, so a stuck test can be killed from outside.
    pub fn pid(&self) -> Option<u32> {
        self.browser.get_process_id()
    }

    /// Everything the page reported so far (console errors, exceptions, failed requests).
    pub fn problems(&self) -> Vec<String> {
        self.read_log(|log| log.problems.clone())
    }

    /// Returns the problems reported so far and forgets them (for tests that expect some).
    pub fn take_problems(&self) -> Vec<String> {
        self.log
            .lock()
            .map(|mut log| std::mem::take(&mut log.problems))
            .unwrap_or_default()
    }

    fn read_log<T>(&self, read: impl FnOnce(&PageLog) -> T) -> T {
        read(&self.log.lock().unwrap_or_else(|e| e.into_inner()))
    }

    /// Fails when the page reported any problem; called by the runner after every test.
    pub fn check_no_problems(&self) -> Outcome {
        // A late error (from a script still loading, say) must count too.
        self.settle()?;
        let problems = self.problems();
        check!(
            problems.is_empty(),
            "the page reported {} problem(s):\n  {}",
            problems.len(),
            problems.join("\n  ")
        );
        Ok(())
    }

    /// Waits until the page has no request in flight and every event it sent up to then has
    /// been recorded: the page logs a marker from a task queued after the requests finished, and
    /// events arrive in order, so once the marker is in the log so is everything before it.
    pub fn settle(&self) -> Outcome {
        let mut pending = Vec::new();
        let quiet = self.wait_until("the page's requests to finish", STEP_TIMEOUT, || {
            pending = self.read_log(|log| log.in_flight.values().cloned().collect());
            Ok(pending.is_empty().then_some(()))
        });
        quiet.map_err(|err| format!("{err}; still loading: {pending:?}"))?;
        static NEXT_MARKER: AtomicU64 = AtomicU64::new(1);
        let marker = format!(
            "quire-settled-{}",
            NEXT_MARKER.fetch_add(1, Ordering::Relaxed)
        );
        self.eval_json_async::<bool>(&format!(
            "new Promise(done => setTimeout(() => {{ console.debug({marker}); done(true); }}))",
            marker = js_string(&marker)
        ))?;
        self.wait_until("the page's events to arrive", STEP_TIMEOUT, || {
            Ok(self
                .read_log(|log| log.markers.contains(&marker))
                .then_some(()))
        })
    }

    /// A few lines for a failure message: where the page is and what it reported.
    pub fn describe(&self) -> String {
        let problems = self.problems();
        let mut text = format!("  at: {}", self.tab.get_url());
        if !problems.is_empty() {
            text.push_str("\n  page problems:\n    ");
            text.push_str(&problems.join("\n    "));
        }
        text
    }

    /// Saves a screenshot and the DOM under `target/tmp/browser-failures/`, for a failed test.
    pub fn save_failure_artifacts(&self, test: &str) {
        let dir = failure_dir();
        if std::fs::create_dir_all(&dir).is_err() {
            return;
        }
        if let Ok(png) =
            self.tab
                .capture_screenshot(Page::CaptureScreenshotFormatOption::Png, None, None, true)
        {
            let _ = std::fs::write(dir.join(format!("{test}.png")), png);
        }
        if let Ok(html) = self.eval_json::<String>("document.documentElement.outerHTML") {
            let _ = std::fs::write(dir.join(format!("{test}.html")), html);
        }
    }

    /// Opens `url` and waits until the new document has fully loaded.
    pub fn goto(&self, url: &str) -> Outcome {
        self.expect_navigation(&format!("loading {url}"), || {
            self.tab.navigate_to(url).context("navigating")?;
            Ok(())
        })
    }

    /// Reloads the page and waits for the new document.
    pub fn reload(&self) -> Outcome {
        self.expect_navigation("reloading", || {
            self.tab.reload(false, None).context("reloading")?;
            Ok(())
        })
    }

    /// Clicks the element matching `selector` (a real mouse click at its middle) and waits until
    /// the click has loaded a new document. Returns the new URL.
    pub fn click_to_navigate(&self, selector: &str) -> Outcome<String> {
        self.expect_navigation(&format!("following {selector}"), || self.click(selector))?;
        self.location()
    }

    /// Clicks the element matching `selector`, waiting up to [`STEP_TIMEOUT`] for it to exist.
    pub fn click(&self, selector: &str) -> Outcome {
        let element = self
            .tab
            .wait_for_element(selector)
            .context(format!("finding {selector}"))?;
        element.click().context(format!("clicking {selector}"))?;
        Ok(())
    }

    /// Runs `action`, which must start a navigation, and waits until a new document is complete.
    ///
    /// A marker is planted in the current document first; the navigation is done when a document
    /// without the marker reports `readyState == "complete"`.
    pub fn expect_navigation(&self, what: &str, action: impl FnOnce() -> Outcome) -> Outcome {
        static NEXT_MARKER: AtomicU64 = AtomicU64::new(1);
        let marker = NEXT_MARKER.fetch_add(1, Ordering::Relaxed);
        self.eval_json::<Value>(&format!("window.__quireMarker = {marker}"))?;
        action()?;
        let probe = format!(
            "window.__quireMarker !== {marker} && document.readyState === 'complete' && location.href"
        );
        self.wait_until(what, STEP_TIMEOUT, || {
            // While the old document unloads, evaluation may fail; that only means "not yet".
            Ok(match self.eval_json::<Value>(&probe) {
                Ok(Value::String(url)) => Some(url),
                _ => None,
            })
        })?;
        Ok(())
    }

    /// The page's current `location.href`.
    pub fn location(&self) -> Outcome<String> {
        self.eval_json("location.href")
    }

    /// Evaluates a JavaScript *expression* and returns its value, passed through `JSON.stringify`
    /// in the page and parsed here (`undefined` comes back as `null`).
    pub fn eval_json<T: DeserializeOwned>(&self, expression: &str) -> Outcome<T> {
        let wrapped = format!("JSON.stringify((() => ({expression}))() ?? null)");
        self.evaluate_to_json(&wrapped, false, expression)
    }

    /// Like [`Session::eval_json`], but awaits the promise the expression returns.
    pub fn eval_json_async<T: DeserializeOwned>(&self, expression: &str) -> Outcome<T> {
        let wrapped = format!("(async () => JSON.stringify((await ({expression})) ?? null))()");
        self.evaluate_to_json(&wrapped, true, expression)
    }

    /// Evaluates a script for its side effects (e.g. injecting a library); any value is dropped.
    pub fn run_script(&self, source: &str) -> Outcome {
        self.evaluate_raw(source, false, "a script")?;
        Ok(())
    }

    fn evaluate_to_json<T: DeserializeOwned>(
        &self,
        wrapped: &str,
        await_promise: bool,
        shown: &str,
    ) -> Outcome<T> {
        let value = self.evaluate_raw(wrapped, await_promise, shown)?;
        let Some(Value::String(json)) = value else {
            return Err(format!("evaluating `{}` gave no JSON string", short(shown)).into());
        };
        serde_json::from_str(&json).context(format!(
            "evaluating `{}` gave unexpected JSON {json}",
            short(shown)
        ))
    }

    fn evaluate_raw(
        &self,
        source: &str,
        await_promise: bool,
        shown: &str,
    ) -> Outcome<Option<Value>> {
        let reply = self
            .tab
            .call_method(Runtime::Evaluate {
                expression: source.to_string(),
                object_group: None,
                include_command_line_api: None,
                silent: Some(true),
                context_id: None,
                return_by_value: Some(true),
                generate_preview: None,
                user_gesture: Some(true),
                await_promise: Some(await_promise),
                throw_on_side_effect: None,
                timeout: None,
                disable_breaks: None,
                repl_mode: None,
                allow_unsafe_eval_blocked_by_csp: None,
                unique_context_id: None,
                serialization_options: None,
            })
            .context(format!("evaluating `{}`", short(shown)))?;
        if let Some(details) = reply.exception_details {
            let description = details
                .exception
                .and_then(|x| x.description)
                .unwrap_or(details.text);
            return Err(format!("evaluating `{}` threw: {description}", short(shown)).into());
        }
        Ok(reply.result.value)
    }

    /// Polls `condition` until it yields `Some`, for at most `timeout`; `what` names the wait in
    /// the error. The condition's last error (if any) is reported too.
    pub fn wait_until<T>(
        &self,
        what: &str,
        timeout: Duration,
        mut condition: impl FnMut() -> Outcome<Option<T>>,
    ) -> Outcome<T> {
        let start = Instant::now();
        let mut last_error = String::new();
        loop {
            match condition() {
                Ok(Some(value)) => return Ok(value),
                Ok(None) => {}
                Err(err) => last_error = err.to_string(),
            }
            if start.elapsed() >= timeout {
                let mut message = format!("timed out after {timeout:?} waiting for {what}");
                if !last_error.is_empty() {
                    message.push_str(&format!(" (last error: {last_error})"));
                }
                return Err(message.into());
            }
            thread::sleep(POLL_INTERVAL);
        }
    }

    /// Waits until the JavaScript expression is truthy and returns its (JSON) value.
    pub fn wait_for_js(&self, what: &str, expression: &str) -> Outcome<Value> {
        self.wait_until(what, STEP_TIMEOUT, || {
            let value: Value = self.eval_json(expression)?;
            Ok(is_truthy(&value).then_some(value))
        })
    }

    /// Presses and releases one key, sent to whatever has focus, as a real keyboard would.
    /// Knows the keys the tests use: `/`, the arrows, `Enter`, `Escape`, `Tab`, `Home`, `End`.
    pub fn press_key(&self, key: &str) -> Outcome {
        let (code, key_code, text) = match key {
            "/" => ("Slash", 191, Some("/")),
            "ArrowDown" => ("ArrowDown", 40, None),
            "ArrowUp" => ("ArrowUp", 38, None),
            "Enter" => ("Enter", 13, Some("\r")),
            "Escape" => ("Escape", 27, None),
            "Tab" => ("Tab", 9, None),
            "ArrowLeft" => ("ArrowLeft", 37, None),
            "ArrowRight" => ("ArrowRight", 39, None),
            "Home" => ("Home", 36, None),
            "End" => ("End", 35, None),
            other => return Err(format!("press_key does not know the key {other:?}").into()),
        };
        let event = |kind| Input::DispatchKeyEvent {
            Type: kind,
            modifiers: None,
            timestamp: None,
            text: text.map(str::to_string),
            unmodified_text: text.map(str::to_string),
            key_identifier: None,
            code: Some(code.to_string()),
            key: Some(key.to_string()),
            windows_virtual_key_code: Some(key_code),
            native_virtual_key_code: Some(key_code),
            auto_repeat: None,
            is_keypad: None,
            is_system_key: None,
            location: None,
            commands: None,
        };
        let down = if text.is_some() {
            Input::DispatchKeyEventTypeOption::KeyDown
        } else {
            Input::DispatchKeyEventTypeOption::RawKeyDown
        };
        self.tab
            .call_method(event(down))
            .context(format!("pressing {key}"))?;
        self.tab
            .call_method(event(Input::DispatchKeyEventTypeOption::KeyUp))
            .context(format!("releasing {key}"))?;
        Ok(())
    }

    /// Sets an input's value from JavaScript and dispatches `input`, as typing would.
    pub fn set_input_value(&self, selector: &str, value: &str) -> Outcome {
        let found: bool = self.eval_json(&format!(
            "(() => {{ const el = document.querySelector({sel}); if (!el) return false; \
             el.focus(); el.value = {value}; \
             el.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()",
            sel = js_string(selector),
            value = js_string(value),
        ))?;
        check!(found, "no element matches {selector}");
        Ok(())
    }
}

/// Where failed tests leave a screenshot (`<test>.png`) and their DOM (`<test>.html`).
pub fn failure_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("browser-failures")
}

/// Removes what an earlier failed run of `test` left, so the folder shows current failures only.
pub fn clear_failure_artifacts(test: &str) {
    for extension in ["png", "html"] {
        let _ = std::fs::remove_file(failure_dir().join(format!("{test}.{extension}")));
    }
}

/// A JavaScript string literal for `text` (JSON strings are valid JavaScript).
pub fn js_string(text: &str) -> String {
    Value::String(text.to_string()).to_string()
}

/// JavaScript truthiness for a JSON value.
fn is_truthy(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => n.as_f64().is_some_and(|f| f != 0.0),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) => true,
    }
}

/// The first line of a script, shortened, for error messages.
fn short(source: &str) -> String {
    let line = source.lines().next().unwrap_or("");
    if line.chars().count() > 100 {
        format!("{}…", line.chars().take(100).collect::<String>())
    } else {
        line.to_string()
    }
}
