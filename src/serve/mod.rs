//! `quire serve`: builds the site in memory, serves it over HTTP (loopback by default), rebuilds
//! on every change under `content/`, `templates/`, `static/` or `site.yaml`, and reloads open tabs.
//! A broken edit never stops the server: the last good site stays up with the errors over it.

mod http;
mod reload;
mod watch;

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use crate::config::load_config;
use crate::console::{Console, Verbosity};
use crate::error::{Diagnostic, Error};
use crate::fs::SiteFs;
use crate::memo;
use crate::pipeline::{BuildOptions, render_pages_into};
use crate::site::urls::LinkStyle;
use crate::write::MemorySink;
use reload::Reloader;

/// How many threads answer ordinary requests (event streams get a thread each).
const WORKERS: usize = 4;

/// What to serve and where.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// `site_dir` and `drafts` are used; `base_url` is set to the server's own address.
    pub build: BuildOptions,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// Opens the site in the default browser once it is up.
    pub open: bool,
}

/// The site as the server sees it after the latest build.
pub(crate) struct Snapshot {
    /// Output files of the last *successful* build, by path relative to the site root.
    files: Arc<Files>,
    /// The errors of the latest build if it failed (then `files` is the previous good build).
    errors: Vec<Diagnostic>,
    /// Changes with every build; pages carry it so a tab can tell it is out of date.
    token: String,
}

/// State shared by the HTTP workers, the event streams and the rebuild thread.
pub(crate) struct Shared {
    snapshot: RwLock<Arc<Snapshot>>,
    reloader: Reloader,
    console: Console,
}

impl Shared {
    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        match self.snapshot.read() {
            Ok(guard) => Arc::clone(&guard),
            Err(poisoned) => Arc::clone(&poisoned.into_inner()),
        }
    }

    fn publish(&self, snapshot: Snapshot) {
        let token = snapshot.token.clone();
        let snapshot = Arc::new(snapshot);
        match self.snapshot.write() {
            Ok(mut guard) => *guard = snapshot,
            Err(poisoned) => *poisoned.into_inner() = snapshot,
        }
        self.reloader.broadcast(&token);
    }
}

/// Serves the site until Ctrl-C. Returns early only if the site or the address is unusable.
pub fn serve(options: &ServeOptions, console: Console) -> Result<(), Error> {
    let site_dir = options.build.site_dir.clone();
    // A folder that is not a site at all is a usage error, not something to serve.
    if let Err(Error::Usage(message)) = SiteFs::open(&site_dir).and_then(|fs| load_config(&fs)) {
        return Err(Error::Usage(message));
    }
    let server = tiny_http::Server::http(SocketAddr::new(options.bind, options.port))
        .map_err(|e| bind_error(options, &*e))?;
    let Some(addr) = server.server_addr().to_ip() else {
        return Err(Error::Usage("the server has no IP address".into()));
    };
    let url = public_url(addr);
    let build = BuildOptions {
        base_url: Some(url.clone()),
        out_dir: None,
        style: LinkStyle::Hosted,
        cache: Some(Arc::default()),
        ..options.build.clone()
    };
    let instance = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let shared = Arc::new(Shared {
        snapshot: RwLock::new(Arc::new(Snapshot {
            files: Arc::default(),
            errors: Vec::new(),
            token: String::new(),
        })),
        reloader: Reloader::default(),
        console,
    });
    let rebuilder = Arc::new(Mutex::new(Rebuilder {
        shared: Arc::clone(&shared),
        build,
        instance: format!("{instance:x}"),
        generation: 0,
        site_wide: Files::default(),
    }));
    // Watch first, so that an edit made during the first build still triggers a rebuild.
    let watched = {
        let rebuilder = Arc::clone(&rebuilder);
        watch::watch(&site_dir, move |changed| {
            memo::lock(&rebuilder).run(Some(&changed));
        })?
    };
    memo::lock(&rebuilder).run(None);
    let server = Arc::new(server);
    for _ in 0..WORKERS {
        let server = Arc::clone(&server);
        let shared = Arc::clone(&shared);
        std::thread::spawn(move || {
            while let Ok(request) = server.recv() {
                http::handle(request, &shared);
            }
        });
    }
    if console.verbosity == Verbosity::Quiet {
        // Even `-q` says where the site is: with `--port 0` there is no other way to know.
        anstream::println!("{url}");
    } else {
        console.headline(
            "Serving",
            &format!("{} at {url}  (Ctrl-C to stop)", site_dir.display()),
        );
    }
    console.detail(&format!("watching {}", watched.join(", ")));
    if !addr.ip().is_loopback() {
        console.warning(&format!(
            "listening on {}: other machines on the network can read the site",
            addr.ip()
        ));
    }
    if options.open {
        open_browser(&url, console);
    }
    wait_for_ctrl_c(console);
    server.unblock();
    console.status("Stopped.");
    Ok(())
}

/// Runs builds one after another and publishes each result.
struct Rebuilder {
    shared: Arc<Shared>,
    build: BuildOptions,
    instance: String,
    generation: u64,
    /// The search index and print page of the last good build, served with a rebuild's pages
    /// until the rebuild has made its own.
    site_wide: Files,
}

type Files = HashMap<String, Arc<[u8]>>;

/// What a build put into `sink`, by path.
fn by_path(sink: MemorySink) -> Result<Files, Error> {
    let files = sink.into_files()?.into_iter();
    Ok(files.map(|f| (f.path, f.bytes)).collect())
}

impl Rebuilder {
    /// Builds the pages and publishes them (a tab reloads now), then makes the site-wide files
    /// and publishes them beside the pages under the same token (no second reload).
    fn run(&mut self, changed: Option<&[PathBuf]>) {
        let console = self.shared.console;
        if let Some(changed) = changed {
            for path in changed {
                console.detail(&format!("changed: {}", path.display()));
            }
            if let Some(cache) = &self.build.cache {
                cache.sources.forget(changed);
            }
        }
        let started = Instant::now();
        let sink = MemorySink::default();
        let pages =
            render_pages_into(&self.build, &sink).and_then(|rest| Ok((by_path(sink)?, rest)));
        self.generation += 1;
        let token = format!("{}-{}", self.instance, self.generation);
        let (files, rest) = match pages {
            Ok(pages) => pages,
            Err(err) => return self.failed(err, started, token),
        };
        let ms = started.elapsed().as_millis();
        // Tabs reload first; the terminal can wait.
        if !self.site_wide.is_empty() {
            self.publish(files.clone(), token.clone());
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
        let sink = MemorySink::default();
        match rest.write_into(&sink).and_then(|_| by_path(sink)) {
            Ok(site_wide) => {
                self.site_wide = site_wide;
                console.detail(&format!(
                    "search index and print page in {} ms",
                    started.elapsed().as_millis()
                ));
                self.publish(files, token);
            }
            Err(err) => self.failed(err, started, token),
        }
    }

    /// Serves `pages` with the latest site-wide files.
    fn publish(&self, mut pages: Files, token: String) {
        let site_wide = self.site_wide.iter();
        pages.extend(site_wide.map(|(path, bytes)| (path.clone(), Arc::clone(bytes))));
        self.shared.publish(Snapshot {
            files: Arc::new(pages),
            errors: Vec::new(),
            token,
        });
    }

    /// Reports a failed build and keeps serving the last good one, with the errors over it.
    fn failed(&self, err: Error, started: Instant, token: String) {
        let console = self.shared.console;
        let ms = started.elapsed().as_millis();
        let previous = self.shared.snapshot();
        let errors = match err {
            Error::Content(diagnostics) => diagnostics,
            other => vec![Diagnostic::error(other.to_string())],
        };
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
        self.shared.publish(Snapshot {
            files: Arc::clone(&previous.files),
            errors: errors.into_iter().filter(Diagnostic::is_error).collect(),
            token,
        });
    }
}

/// The URL to print and to build links with; an unspecified bind address is reached on loopback.
fn public_url(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::from([127, 0, 0, 1]),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::from([0, 0, 0, 0, 0, 0, 0, 1]),
        ip => ip,
    };
    format!("http://{}/", SocketAddr::new(ip, addr.port()))
}

fn bind_error(options: &ServeOptions, err: &(dyn std::error::Error + 'static)) -> Error {
    let address = SocketAddr::new(options.bind, options.port);
    let in_use = err
        .downcast_ref::<std::io::Error>()
        .is_some_and(|e| e.kind() == std::io::ErrorKind::AddrInUse);
    if in_use {
        Error::Usage(format!(
            "cannot listen on {address}: the port is in use (another `quire serve`?); pick another with --port, or --port 0 for any free one"
        ))
    } else {
        Error::Usage(format!("cannot listen on {address}: {err}"))
    }
}

/// Blocks until Ctrl-C (or SIGTERM). If no handler can be installed, blocks forever: the default
/// signal behaviour still ends the process, and there is nothing on disk to clean up.
fn wait_for_ctrl_c(console: Console) {
    let (tx, rx) = std::sync::mpsc::channel();
    let installed = ctrlc::set_handler(move || {
        let _ = tx.send(());
    });
    match installed {
        Ok(()) => {
            let _ = rx.recv();
        }
        Err(err) => {
            console.warning(&format!(
                "cannot catch Ctrl-C ({err}); stop the server with Ctrl-C anyway"
            ));
            loop {
                std::thread::park();
            }
        }
    }
}

/// Opens `url` in the default browser, without waiting for it.
fn open_browser(url: &str, console: Console) {
    let command = if cfg!(target_os = "macos") {
        std::process::Command::new("open").arg(url).spawn()
    } else if cfg!(windows) {
        std::process::Command::new("cmd")
            .args(["/C", "start", "", url])
            .spawn()
    } else {
        std::process::Command::new("xdg-open").arg(url).spawn()
    };
    match command {
        // Reap the opener when it exits, so it does not linger as a zombie.
        Ok(mut child) => drop(std::thread::spawn(move || child.wait())),
        Err(err) => console.warning(&format!(
            "cannot open a browser ({err}); open {url} yourself"
        )),
    }
}
