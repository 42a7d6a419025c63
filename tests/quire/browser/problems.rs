//! Recording what went wrong on a page: console errors, uncaught exceptions, failed requests.
//!
//! Input: a page ([`Tab`]). Output: every problem it reports from now on, as one line of text
//! each, appended to a shared list that the runner checks at the end of every test.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use headless_chrome::Tab;
use headless_chrome::protocol::cdp::types::Event;
use headless_chrome::protocol::cdp::{Emulation, Log, Network, Runtime};
use serde_json::Value;

use super::session::{Context, Outcome};

/// Enables the Log, Runtime and Network domains on `tab` and records every error they report
/// into `problems`.
pub fn capture(tab: &Tab, problems: Arc<Mutex<Vec<String>>>) -> Outcome {
    let request_urls: Mutex<HashMap<String, String>> = Mutex::new(HashMap::new());
    let listener = move |event: &Event| {
        let problem = match event {
            Event::NetworkRequestWillBeSent(e) => {
                if let Ok(mut urls) = request_urls.lock() {
                    urls.insert(e.params.request_id.clone(), e.params.request.url.clone());
                }
                None
            }
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
            Event::RuntimeConsoleAPICalled(e)
                if matches!(
                    e.params.Type,
                    Runtime::ConsoleAPICalledEventTypeOption::Error
                        | Runtime::ConsoleAPICalledEventTypeOption::Assert
                ) =>
            {
                let args: Vec<String> = e.params.args.iter().map(remote_to_text).collect();
                Some(format!("console.error: {}", args.join(" ")))
            }
            Event::NetworkLoadingFailed(e) if e.params.canceled != Some(true) => {
                let url = request_urls
                    .lock()
                    .ok()
                    .and_then(|urls| urls.get(&e.params.request_id).cloned())
                    .unwrap_or_else(|| "<unknown url>".to_string());
                Some(format!("request failed: {url}: {}", e.params.error_text))
            }
            Event::NetworkResponseReceived(e) if e.params.response.status >= 400 => Some(format!(
                "HTTP {} for {}",
                e.params.response.status, e.params.response.url
            )),
            _ => None,
        };
        if let (Some(problem), Ok(mut list)) = (problem, problems.lock()) {
            list.push(problem);
        }
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
