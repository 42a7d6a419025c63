//! Live reload for `quire serve`: a Server-Sent Events stream that tells open tabs a new build is
//! ready, the script that listens to it, and the error overlay shown while the site does not build.

use std::convert::Infallible;
use std::time::Duration;

use bytes::Bytes;
use futures_util::stream::{self, StreamExt};
use http_body_util::{BodyExt, StreamBody};
use hyper::Response;
use hyper::body::Frame;
use hyper::header::{CONTENT_TYPE, HeaderName, HeaderValue};

use super::response::{Body, add_common_headers};
use super::{Builds, Shared};
use crate::error::Diagnostic;
use crate::html::escaped;

/// The event stream's path; `?since=TOKEN` names the build the page came from.
pub(super) const EVENTS_PATH: &str = "/__quire/events";
/// The script every served HTML page loads.
pub(super) const SCRIPT_PATH: &str = "/__quire/live.js";

/// Reloads the page when the server announces a build other than the one the page came from.
/// EventSource reconnects by itself, so a restarted server reloads its tabs too.
pub(super) const SCRIPT: &str = r#"(function () {
  "use strict";
  var me = document.currentScript;
  var token = me ? me.getAttribute("data-token") : "";
  var close = document.getElementById("quire-error-close");
  if (close) close.addEventListener("click", function () {
    var overlay = document.getElementById("quire-error-overlay");
    if (overlay) overlay.remove();
  });
  if (!window.EventSource) return;
  var source = new EventSource("/__quire/events?since=" + encodeURIComponent(token));
  source.addEventListener("reload", function (event) {
    if (event.data !== token) { source.close(); location.reload(); }
  });
})();
"#;

/// Idle streams get a comment this often, so a closed tab is noticed and its stream ends.
const KEEPALIVE: Duration = Duration::from_secs(15);

/// Answers `/__quire/events` with an endless `text/event-stream`: at once if the page's build
/// (`?since=TOKEN`) is not the current one, then once for every new build.
pub(super) fn events(shared: &Shared, query: &str) -> Response<Body> {
    // Subscribe before reading the current token: a build that lands in between is not missed.
    let mut builds = shared.subscribe();
    let current = builds.borrow_and_update().token.clone();
    let since = query
        .split('&')
        .find_map(|pair| pair.strip_prefix("since="))
        .unwrap_or_default();
    let mut first = String::from("retry: 1000\n\n");
    if since != current {
        first.push_str(&event(&current));
    }
    let later = stream::unfold((builds, current), next_message);
    let messages = stream::once(async { first }).chain(later);
    let body =
        StreamBody::new(messages.map(|text| Ok::<_, Infallible>(Frame::data(Bytes::from(text)))));
    let mut response = Response::new(body.boxed_unsync());
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("text/event-stream"));
    headers.insert(
        HeaderName::from_static("x-accel-buffering"),
        HeaderValue::from_static("no"),
    );
    add_common_headers(headers);
    response
}

/// The stream's next message: the next build with a new token, or a keep-alive comment when
/// there was none for a while. `None` ends the stream (the server is shutting down).
async fn next_message(
    (mut builds, mut last): (Builds, String),
) -> Option<(String, (Builds, String))> {
    loop {
        match tokio::time::timeout(KEEPALIVE, builds.changed()).await {
            Err(_idle) => return Some((": keep-alive\n\n".into(), (builds, last))),
            Ok(Err(_closed)) => return None,
            // A build publishes its pages, then the same token again with the search index.
            Ok(Ok(())) => {
                let token = builds.borrow_and_update().token.clone();
                if token != last {
                    let message = event(&token);
                    last = token;
                    return Some((message, (builds, last)));
                }
            }
        }
    }
}

fn event(token: &str) -> String {
    format!("event: reload\ndata: {token}\n\n")
}

/// What goes before `</body>` of every served HTML page: the errors of a failed build (if any)
/// as an overlay, and the live-reload script.
pub(super) fn snippet(token: &str, errors: &[Diagnostic]) -> String {
    let mut html = String::new();
    if !errors.is_empty() {
        html.push_str(OVERLAY_STYLE);
        html.push_str(
            "<div id=\"quire-error-overlay\" role=\"alert\"><div class=\"quire-error-box\">\
             <button type=\"button\" id=\"quire-error-close\" aria-label=\"Hide\">\u{d7}</button>",
        );
        let count = errors.len();
        html.push_str(&format!(
            "<p class=\"quire-error-title\">The site does not build: {count} error{}. \
             This is the last good version; the page reloads when the error is fixed.</p>",
            if count == 1 { "" } else { "s" }
        ));
        for d in errors {
            html.push_str("<section class=\"quire-error\">");
            if let Some(loc) = &d.location {
                let place = format!("{}:{}:{}", loc.path.display(), loc.line, loc.column);
                html.push_str(&format!(
                    "<p class=\"quire-error-place\">{}</p>",
                    escaped(&place)
                ));
            }
            html.push_str(&format!(
                "<p class=\"quire-error-message\">{}</p><pre>{}</pre></section>",
                escaped(&d.message),
                escaped(&d.to_string())
            ));
        }
        html.push_str("</div></div>");
    }
    html.push_str(&format!(
        "<script src=\"{SCRIPT_PATH}\" data-token=\"{}\"></script>",
        escaped(token)
    ));
    html
}

const OVERLAY_STYLE: &str = "<style>\
#quire-error-overlay{position:fixed;inset:0;z-index:2147483647;overflow:auto;padding:4vh 4vw;\
background:rgba(20,20,24,.78);font:15px/1.5 system-ui,sans-serif}\
#quire-error-overlay .quire-error-box{max-width:60rem;margin:0 auto;padding:1.25rem 1.5rem;\
background:#fff;color:#1b1b1f;border-top:6px solid #c62828;border-radius:6px;position:relative}\
#quire-error-overlay .quire-error-title{font-weight:700;margin:0 2rem 1rem 0}\
#quire-error-overlay .quire-error-place{font:600 14px/1.4 ui-monospace,monospace;color:#c62828;margin:1rem 0 0}\
#quire-error-overlay .quire-error-message{margin:.25rem 0}\
#quire-error-overlay pre{white-space:pre-wrap;background:#f4f4f6;padding:.75rem;border-radius:4px;\
font:13px/1.45 ui-monospace,monospace;margin:.25rem 0 0}\
#quire-error-close{position:absolute;top:.5rem;right:.75rem;border:0;background:none;font-size:1.5rem;cursor:pointer}\
</style>";

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    #[test]
    fn the_overlay_names_the_place_and_escapes_the_message() {
        let text = "---\ntitle: <b>\n---\n";
        let d = Diagnostic::error("bad <script>alert(1)</script>").at_line(
            Path::new("content/a&b.md"),
            text,
            2,
            8,
        );
        let html = snippet("t-1", &[d]);
        assert!(html.contains("content/a&amp;b.md:2:8"), "{html}");
        assert!(html.contains("bad &lt;script&gt;alert(1)&lt;/script&gt;"));
        assert!(!html.contains("<script>alert"));
        assert!(html.ends_with("<script src=\"/__quire/live.js\" data-token=\"t-1\"></script>"));
        assert!(!snippet("t-2", &[]).contains("quire-error-overlay"));
    }
}
