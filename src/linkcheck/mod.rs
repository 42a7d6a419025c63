//! `quire check --external`: every `http(s)` link of the site in; a diagnostic at each place a
//! dead link is written (an error), or a redirected or unanswerable one (a note, a warning) out.
//!
//! Requests run concurrently on one thread (tokio), at most `concurrency` at once and `per_host`
//! to any one host, each bounded by `timeout` (`request`). A URL that answered well (without a
//! redirect) less than `max_age` ago is not asked again (`cache`).

mod cache;
mod collect;
mod request;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::Client;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::error::{Diagnostic, Error, Severity};
use crate::fs::SiteFs;
use crate::pipeline::{BuildOptions, load_resolved_site};
use cache::{LinkCache, now};
use collect::{ExternalLinks, external_links};
use request::{Answer, ask};

/// How to check external links.
#[derive(Debug, Clone)]
pub struct ExternalOptions {
    /// How long a good answer is trusted before the URL is asked again (zero: always ask).
    pub max_age: Duration,
    /// How long one request may take.
    pub timeout: Duration,
    /// Requests in flight at once, in all.
    pub concurrency: usize,
    /// Requests in flight at once to one host.
    pub per_host: usize,
}

/// What the external link check found.
#[derive(Debug, Default)]
pub struct ExternalReport {
    /// Dead links (errors), links the server would not answer about (warnings) and redirects
    /// (notes), at every place each is written.
    pub diagnostics: Vec<Diagnostic>,
    /// How many distinct URLs the site links to, and how many were asked about this run (the
    /// rest answered well recently).
    pub urls: usize,
    pub asked: usize,
}

/// Checks every external link of the site at `options.site_dir`.
pub fn check_external_links(
    options: &BuildOptions,
    external: &ExternalOptions,
) -> Result<ExternalReport, Error> {
    let site = load_resolved_site(options)?;
    let links = external_links(&site);
    let fs = SiteFs::open(&options.site_dir)?;
    let mut cache = LinkCache::load(&fs);
    let started = now();
    let to_ask: Vec<String> = links
        .keys()
        .filter(|url| !cache.is_fresh(url, external.max_age, started))
        .cloned()
        .collect();
    let answers = ask_all(&to_ask, external)?;
    let mut diagnostics = Vec::new();
    for (url, answer) in &answers {
        // Redirected links are asked again each run, so their note keeps showing.
        match answer {
            Answer::Alive { redirects } if redirects.is_empty() => {
                cache.alive(url.clone(), started);
            }
            _ => cache.forget(url),
        }
        diagnostics.extend(report(&links, url, answer));
    }
    cache.prune(external.max_age, started, |url| links.contains_key(url));
    cache.save(&fs)?;
    Ok(ExternalReport {
        diagnostics,
        urls: links.len(),
        asked: to_ask.len(),
    })
}

/// Asks about every URL with the limits of `external`; answers in the order of `urls`.
fn ask_all(urls: &[String], external: &ExternalOptions) -> Result<Vec<(String, Answer)>, Error> {
    if urls.is_empty() {
        return Ok(Vec::new());
    }
    // reqwest is built without a default TLS provider; ring is the one used (a second install
    // in the same process is refused, harmlessly).
    let _ = rustls::crypto::ring::default_provider().install_default();
    let client = Client::builder()
        .user_agent(concat!(
            "quire/",
            env!("CARGO_PKG_VERSION"),
            " (link check)"
        ))
        .redirect(reqwest::redirect::Policy::none())
        .timeout(external.timeout)
        .connect_timeout(external.timeout)
        .build()
        .map_err(|e| Error::Usage(format!("cannot make an HTTP client: {e}")))?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the link check: {e}")))?;
    runtime.block_on(async {
        let all = Arc::new(Semaphore::new(external.concurrency.max(1)));
        let mut hosts: HashMap<String, Arc<Semaphore>> = HashMap::new();
        let mut tasks = JoinSet::new();
        for (at, url) in urls.iter().enumerate() {
            let host = reqwest::Url::parse(url)
                .ok()
                .and_then(|u| u.host_str().map(str::to_ascii_lowercase))
                .unwrap_or_default();
            let host = Arc::clone(
                hosts
                    .entry(host)
                    .or_insert_with(|| Arc::new(Semaphore::new(external.per_host.max(1)))),
            );
            let (all, client, url) = (Arc::clone(&all), client.clone(), url.clone());
            tasks.spawn(async move {
                // The host's turn first, so a busy host does not hold places others could use.
                let _host = host.acquire_owned().await;
                let _slot = all.acquire_owned().await;
                let answer = ask(&client, &url).await;
                (at, url, answer)
            });
        }
        let mut answers: Vec<(usize, String, Answer)> = Vec::with_capacity(urls.len());
        while let Some(done) = tasks.join_next().await {
            answers.push(done.map_err(|e| Error::Usage(format!("a link check task failed: {e}")))?);
        }
        answers.sort_by_key(|(at, _, _)| *at);
        Ok(answers.into_iter().map(|(_, url, a)| (url, a)).collect())
    })
}

/// The diagnostics of one URL's answer, at every place it is written.
fn report(links: &ExternalLinks, url: &str, answer: &Answer) -> Vec<Diagnostic> {
    let (severity, message, hint) = match answer {
        Answer::Alive { redirects } if redirects.is_empty() => return Vec::new(),
        Answer::Alive { redirects } => {
            let (status, last) = (redirects[0].0, &redirects[redirects.len() - 1].1);
            let kind = if matches!(status, 301 | 308) {
                "permanently"
            } else {
                "for now"
            };
            (
                Severity::Note,
                format!("`{url}` redirects {kind} ({status}) to `{last}`"),
                "link to where it leads, so readers skip the detour",
            )
        }
        Answer::Dead { reason } => (
            Severity::Error,
            format!("dead link: `{url}` ({reason})"),
            "fix the address or remove the link (asked with HEAD, then GET)",
        ),
        Answer::Unknown { reason } => (
            Severity::Warning,
            format!("`{url}` could not be checked ({reason})"),
            "the server refuses robots or wants a login; check it in a browser",
        ),
    };
    links[url]
        .iter()
        .map(|place| {
            let mut d = place.clone();
            d.severity = severity;
            d.message.clone_from(&message);
            d.with_hint(hint)
        })
        .collect()
}
