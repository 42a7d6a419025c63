//! Asking a web server about one URL: HEAD first, GET when HEAD does not give a good answer
//! (many servers refuse or mishandle HEAD); redirects followed one by one, so the chain can be
//! reported; only the status is read, never a body.

use reqwest::{Client, Method, StatusCode, Url};

/// How many redirects are followed before a link counts as broken.
const MAX_REDIRECTS: usize = 10;

/// What a server said about a URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A good answer, after the redirects listed (each hop's status and the URL it led to).
    Alive { redirects: Vec<(u16, String)> },
    /// The page is gone or the server failed: the status, or what went wrong on the way.
    Dead { reason: String },
    /// The server would not say (it wants a login, refuses robots, or asks to slow down).
    Unknown { reason: String },
}

/// Asks about `url`: HEAD, then GET if HEAD's answer is not good.
pub async fn ask(client: &Client, url: &str) -> Answer {
    let first = follow(client, Method::HEAD, url).await;
    if matches!(first, Answer::Alive { .. }) {
        return first;
    }
    follow(client, Method::GET, url).await
}

/// One method, following redirects by hand.
async fn follow(client: &Client, method: Method, url: &str) -> Answer {
    let mut current = match Url::parse(url) {
        Ok(url) => url,
        Err(e) => {
            return Answer::Dead {
                reason: format!("not a valid URL ({e})"),
            };
        }
    };
    let mut redirects = Vec::new();
    loop {
        let response = match client.request(method.clone(), current.clone()).send().await {
            Ok(response) => response,
            Err(e) => {
                return Answer::Dead {
                    reason: describe_error(&e),
                };
            }
        };
        let status = response.status();
        if !status.is_redirection() {
            return judge(status, redirects);
        }
        let location = response
            .headers()
            .get(reqwest::header::LOCATION)
            .and_then(|l| l.to_str().ok())
            .and_then(|l| current.join(l).ok());
        let Some(next) = location else {
            return Answer::Dead {
                reason: format!("{} without a usable Location", status_text(status)),
            };
        };
        if redirects.len() == MAX_REDIRECTS {
            return Answer::Dead {
                reason: format!("more than {MAX_REDIRECTS} redirects"),
            };
        }
        redirects.push((status.as_u16(), next.to_string()));
        current = next;
    }
}

/// The verdict on a final (non-redirect) status.
fn judge(status: StatusCode, redirects: Vec<(u16, String)>) -> Answer {
    if status.is_success() {
        Answer::Alive { redirects }
    } else if matches!(status.as_u16(), 401 | 403 | 429) {
        Answer::Unknown {
            reason: status_text(status),
        }
    } else {
        Answer::Dead {
            reason: status_text(status),
        }
    }
}

/// `404 Not Found`.
fn status_text(status: StatusCode) -> String {
    match status.canonical_reason() {
        Some(reason) => format!("{} {reason}", status.as_u16()),
        None => status.as_u16().to_string(),
    }
}

/// What went wrong, in a few words: a timeout, a refused connection, an unknown host, TLS.
fn describe_error(error: &reqwest::Error) -> String {
    if error.is_timeout() {
        return "no answer in time (timed out)".into();
    }
    // The innermost cause says the most ("Connection refused", "failed to lookup address").
    let mut source: &dyn std::error::Error = error;
    while let Some(inner) = source.source() {
        source = inner;
    }
    if error.is_connect() {
        format!("cannot connect: {source}")
    } else {
        format!("request failed: {source}")
    }
}
