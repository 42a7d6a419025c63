//! Recording what went wrong on a page: console errors, uncaught exceptions, failed requests.
//!
//! Input: a page ([`Tab`]). Output: a [`PageLog`] the page's events keep up to date: every
//! problem it reports from now on, as one line of text each (the runner checks the list at the
//! end of every test), the requests still in flight, and the markers the page logged with
//! `console.debug` (so a test can tell that every event up to a point has arrived).

use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Runtime};
use serde_json::Value;

use super::session::{Context, Outcome};

/// What the page has reported so far.
#[derive(Default)]
pub struct PageLog {
    /// One line per console error, uncaught exception or failed request.
    pub problems: Vec<String>,
    /// Requests sent and not yet finished or failed: request id → URL.
    pub in_flight: HashMap<String, String>,
    /// Every string the page passed to `console.debug`.
    pub markers: HashSet<String>,
}

/// Enables the Log, Runtime and Network domains on `tab` and records what they report in `log`.
pub fn capture(tab: &Tab, log: Arc<Mutex<PageLog>>) -> Outcome {
    let listener = move |event: &Event| {
        let Ok(mut log) = log.lock() else {
            return;
        };
        let problem = match event {
            Event::NetworkRequestWillBeSent(e) => {
                let request = &e.params;
                log.in_flight
                    .insert(request.request_id.clone(), request.request.url.clone());
                None
            }
            Event::NetworkLoadingFinished(e) => {
                log.in_flight.remove(&e.params.request_id);
                None
            }
            Event::NetworkLoadingFailed(e) => {
                let url = log.in_flight.remove(&e.params.request_id);
                (e.params.canceled != Some(true)).then(|| {
                    format!(
                        "request failed: {}: {}",
                        url.as_deref().unwrap_or("<unknown url>"),
                        e.params.error_text
                    )
                })
            }
            Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => Some(format!(
                "HTTP {} for {}",
                e.params.response.status, e.params.response.url
            )),
            Event::LogEntryAdded(e) if e.params.entry.level == Log::LogEntryLevel::Error => {
                let entry = &e.params.entry;
                Some(format!(
                    "console error ({:?}): {} [{}]",
                    entry.source,
                    entry.text,
                    entry.url.as_deref().unwrap_or("")
                ))
            }
            Event::RuntimeExceptionThrown(e) => {
                let details = &e.params.exception_details;
                let description = details
                    .exception
                    .as_ref()
                    .and_then(|x| x.description.clone())
                    .unwrap_or_default();
                Some(format!(
                    "uncaught exception: {} {description} [{}:{}]",
                    details.text,
                    details.url.as_deref().unwrap_or(""),
                    details.line_number + 1
                ))
            }
            Event::RuntimeConsoleAPICalled(e) => {
                let args: Vec<String> = e.params.args.iter().map(remote_to_text).collect();
                match e.params.Type {
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                    | Runtime::ConsoleAPICalledEventTypeOption::Assert => {
                        Some(format!("console.error: {}", args.join(" ")))
                    }
                    Runtime::ConsoleAPICalledEventTypeOption::Debug => {
                        log.markers.extend(args);
                        None
                    }
                    _ => None,
                }
            }
            _ => None,
        };
        log.problems.extend(problem);
    };
    tab.add_event_listener(Arc::new(listener))
        .context("adding the event listener")?;
    tab.enable_log().context("enabling Log")?;
    tab.enable_runtime().context("enabling Runtime")?;
    tab.call_method(Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .context("enabling Network")?;
    // Headless windows are never focused; pretend they are so focus and key events behave.
    tab.call_method(Emulation::SetFocusEmulationEnabled { enabled: true })
        .context("enabling focus emulation")?;
    Ok(())
}

/// A console argument as text: its value if it has one, else its description.
fn remote_to_text(object: &Runtime::RemoteObject) -> String {
    match (&object.value, &object.description) {
        (Some(Value::String(s)), _) => s.clone(),
        (Some(value), _) => value.to_string(),
        (None, Some(description)) => description.clone(),
        (None, None) => format!("{:?}", object.Type),
    }
}
