//! The rebuilds of `quire serve`: one build after another (the first, then one per settled burst
//! of changes), each published to the server as soon as its pages are ready. Whatever a build
//! does, even panic, ends in a published result: a panic becomes an error over the last good site
//! and the next change builds afresh.

use std::any::Any;
use std::panic::{self, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::watch::Follow;
use super::{Files, Shared, Snapshot};
use crate::error::{Diagnostic, Error};
use crate::pipeline::{BuildOptions, SiteWide};
use crate::write::{OutputSink, PackedSink};

/// Renders the site's pages into a sink and returns what the site-wide files are made from:
/// `render_changes_into`, or a stand-in in tests.
pub(super) type BuildPages =
    Box<dyn FnMut(&BuildOptions, &dyn OutputSink) -> Result<SiteWide, Error> + Send>;

/// Runs builds one after another and publishes each result.
pub(super) struct Rebuilder {
    shared: Arc<Shared>,
    build: BuildOptions,
    build_pages: BuildPages,
    /// Tells this server's builds from another's, so a tab reloads after a restart.
    instance: String,
    generation: u64,
    /// The pages (and the files made with them) of the last good build: a build after one edit
    /// makes only what the edit changed.
    pages: Files,
    /// The search index and print page of the last good build, served with a rebuild's pages
    /// until the rebuild has made its own.
    site_wide: Files,
    /// Watches the files the pages include from outside the site's watched folders.
    follow: Option<Follow>,
}

/// What a build put into `sink`, by path.
fn by_path(sink: PackedSink) -> Result<Files, Error> {
    let files = sink.into_files()?.into_iter();
    Ok(files.map(|f| (f.path, f.bytes)).collect())
}

impl Rebuilder {
    pub(super) fn new(shared: Arc<Shared>, build: BuildOptions, build_pages: BuildPages) -> Self {
        let instance = SystemTime::now()
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        Rebuilder {
            shared,
            build,
            build_pages,
            instance: format!("{instance:x}"),
            generation: 0,
            pages: Files::default(),
            site_wide: Files::default(),
            follow: None,
        }
    }

    /// From now on, every build has the watcher follow the files its includes asked for.
    pub(super) fn follow(&mut self, follow: Follow) {
        self.follow = Some(follow);
    }

    /// Builds the site (all of it, or after `changed` paths) and publishes the result. Never
    /// panics: a build that does is reported as an internal error over the last good site.
    pub(super) fn run(&mut self, changed: Option<&[PathBuf]>) {
        let started = Instant::now();
        let built = panic::catch_unwind(AssertUnwindSafe(|| self.build_and_publish(changed)));
        if let Err(panic) = built {
            // The memo tables may be half updated: the next build starts from a cold cache.
            self.build.cache = Some(Arc::default());
            let token = self.next_token();
            let message = format!(
                "quire hit an internal error while rebuilding: {}, please report it",
                panic_message(&*panic)
            );
            self.failed(
                Error::Content(vec![Diagnostic::error(message)]),
                started,
                token,
            );
        }
    }

    fn next_token(&mut self) -> String {
        self.generation += 1;
        format!("{}-{}", self.instance, self.generation)
    }

    /// Builds the pages and publishes them (a tab reloads now), then makes the site-wide files
    /// and publishes them beside the pages under the same token (no second reload).
    fn build_and_publish(&mut self, changed: Option<&[PathBuf]>) {
        let console = self.shared.console;
        if let Some(changed) = changed {
            for path in changed {
                console.detail(&format!("changed: {}", path.display()));
            }
            if let Some(cache) = &self.build.cache {
                cache.forget(changed);
            }
        }
        let started = Instant::now();
        let sink = PackedSink::default();
        let pages =
            (self.build_pages)(&self.build, &sink).and_then(|rest| Ok((by_path(sink)?, rest)));
        let token = self.next_token();
        // Followed after a failed build too: the fix may be in an included file.
        if let (Some(follow), Some(cache)) = (&self.follow, &self.build.cache) {
            follow.files(&cache.includes.asked());
        }
        let (files, rest) = match pages {
            Ok(pages) => pages,
            Err(err) => return self.failed(err, started, token),
        };
        if rest.partial {
            self.pages.extend(files);
        } else {
            self.pages = files;
        }
        let ms = started.elapsed().as_millis();
        // Tabs reload first; the terminal can wait.
        if !self.site_wide.is_empty() {
            self.publish(token.clone());
        }
        let stats = &rest.stats;
        console.diagnostics(&stats.warnings);
        let warnings = match stats.warnings.len() {
            0 => String::new(),
            1 => ", 1 warning".into(),
            n => format!(", {n} warnings"),
        };
        let what = if changed.is_some() {
            "Rebuilt"
        } else {
            "Built"
        };
        console.headline(
            what,
            &format!(
                "{} pages and {} sections in {ms} ms{warnings}",
                stats.pages, stats.sections
            ),
        );
        let started = Instant::now();
        let sink = PackedSink::default();
        match rest.write_into(&sink).and_then(|_| by_path(sink)) {
            Ok(site_wide) => {
                self.site_wide = site_wide;
                console.detail(&format!(
                    "search index and print page in {} ms",
                    started.elapsed().as_millis()
                ));
                self.publish(token);
            }
            Err(err) => self.failed(err, started, token),
        }
    }

    /// Serves the pages with the latest site-wide files.
    fn publish(&self, token: String) {
        let mut pages = self.pages.clone();
        let site_wide = self.site_wide.iter();
        pages.extend(site_wide.map(|(path, bytes)| (path.clone(), Arc::clone(bytes))));
        self.shared.publish(Snapshot {
            files: Arc::new(pages),
            errors: Vec::new(),
            token,
        });
    }

    /// Keeps serving the last good build with the errors over it, then reports them.
    fn failed(&self, err: Error, started: Instant, token: String) {
        let ms = started.elapsed().as_millis();
        let previous = self.shared.snapshot();
        let errors = match err {
            Error::Content(diagnostics) => diagnostics,
            other => vec![Diagnostic::error(other.to_string())],
        };
        self.shared.publish(Snapshot {
            files: Arc::clone(&previous.files),
            errors: errors.iter().filter(|d| d.is_error()).cloned().collect(),
            token,
        });
        let console = self.shared.console;
        console.diagnostics(&errors);
        let count = errors.iter().filter(|d| d.is_error()).count();
        let serving = if previous.files.is_empty() {
            "nothing to serve yet"
        } else {
            "still serving the previous build"
        };
        console.error(&format!(
            "build failed with {count} error{} in {ms} ms; {serving}, the browser shows the errors",
            if count == 1 { "" } else { "s" }
        ));
    }
}

/// The text a panic was raised with (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(panic: &(dyn Any + Send)) -> &str {
    if let Some(text) = panic.downcast_ref::<&str>() {
        text
    } else if let Some(text) = panic.downcast_ref::<String>() {
        text
    } else {
        "a panic without a message"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::console::{Console, Verbosity};
    use crate::pipeline::render_changes_into;
    use crate::serve::AllowedHosts;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[test]
    fn a_panicking_build_is_an_error_over_the_last_good_site_and_the_next_build_works() {
        let dir = tempfile::tempdir().unwrap();
        let site = dir.path().join("site");
        crate::init::init_site(&site).unwrap();
        let shared = Arc::new(Shared::new(
            Console::new(Verbosity::Quiet),
            AllowedHosts::default(),
        ));
        let calls = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&calls);
        let build_pages: BuildPages = Box::new(move |options, sink| {
            if counted.fetch_add(1, Ordering::SeqCst) == 1 {
                panic!("the second build breaks");
            }
            render_changes_into(options, sink)
        });
        let options = BuildOptions {
            site_dir: site.clone(),
            cache: Some(Arc::default()),
            ..BuildOptions::default()
        };
        let mut rebuilder = Rebuilder::new(Arc::clone(&shared), options, build_pages);

        rebuilder.run(None);
        let good = shared.snapshot();
        assert!(good.errors.is_empty());
        assert!(good.files.contains_key("index.html"));

        let changed = [PathBuf::from("content/_index.md")];
        rebuilder.run(Some(&changed));
        let broken = shared.snapshot();
        assert_eq!(broken.errors.len(), 1);
        let message = &broken.errors[0].message;
        assert!(
            message.starts_with("quire hit an internal error while rebuilding: ")
                && message.contains("the second build breaks")
                && message.ends_with("please report it"),
            "{message}"
        );
        assert!(
            Arc::ptr_eq(&broken.files, &good.files),
            "the last good site stays"
        );
        assert_ne!(broken.token, good.token, "open tabs hear about it");

        rebuilder.run(Some(&changed));
        let fixed = shared.snapshot();
        assert_eq!(calls.load(Ordering::SeqCst), 3);
        assert!(fixed.errors.is_empty(), "{:?}", fixed.errors);
        assert!(fixed.files.contains_key("index.html"));
        assert_ne!(fixed.token, broken.token);
    }
}
