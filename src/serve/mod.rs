//! `quire serve`: builds the site in memory, serves it over HTTP (loopback by default), rebuilds
//! on every change under `content/`, `templates/`, `static/` or `site.yaml`, and reloads open tabs.
//! A broken edit, or a rebuild that panics, never stops the server: the last good site stays up
//! with the errors over it.

mod host;
mod http;
mod listen;
mod rebuild;
mod reload;
mod response;
mod watch;

use std::collections::HashMap;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};

use tokio::net::TcpListener;
use tokio::sync::watch as latest;

use crate::config::load_config;
use crate::console::{Console, Verbosity};
use crate::error::{Diagnostic, Error};
use crate::fs::SiteFs;
use crate::memo;
use crate::pipeline::{BuildOptions, render_changes_into};
use crate::site::urls::LinkStyle;
use crate::write::Packed;
pub use host::{AllowedHosts, parse_allowed_host};
use rebuild::Rebuilder;

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
    /// Host names answered besides IP addresses and `localhost` (`--allow-host`).
    pub allowed_hosts: AllowedHosts,
}

/// The site as the server sees it after the latest build.
pub(crate) struct Snapshot {
    /// Output files of the last *successful* build, packed, by path relative to the site root.
    files: Arc<Files>,
    /// The errors of the latest build if it failed (then `files` is the previous good build).
    errors: Vec<Diagnostic>,
    /// Changes with every build; pages carry it so a tab can tell it is out of date.
    token: String,
}

type Files = HashMap<String, Arc<Packed>>;

/// What an event stream holds to hear of each new build.
type Builds = latest::Receiver<Arc<Snapshot>>;

/// State shared by the connections, the event streams and the rebuild thread.
pub(crate) struct Shared {
    /// The latest build; event streams wait on it for the next one.
    builds: latest::Sender<Arc<Snapshot>>,
    console: Console,
    hosts: AllowedHosts,
}

impl Shared {
    fn new(console: Console, hosts: AllowedHosts) -> Self {
        let nothing = Snapshot {
            files: Arc::default(),
            errors: Vec::new(),
            token: String::new(),
        };
        Shared {
            builds: latest::Sender::new(Arc::new(nothing)),
            console,
            hosts,
        }
    }

    pub(crate) fn snapshot(&self) -> Arc<Snapshot> {
        Arc::clone(&self.builds.borrow())
    }

    fn subscribe(&self) -> Builds {
        self.builds.subscribe()
    }

    fn publish(&self, snapshot: Snapshot) {
        self.builds.send_replace(Arc::new(snapshot));
    }
}

/// Serves the site until Ctrl-C. Returns early only if the site or the address is unusable.
pub fn serve(options: &ServeOptions, console: Console) -> Result<(), Error> {
    let site_dir = options.build.site_dir.clone();
    // A folder that is not a site at all is a usage error, not something to serve.
    if let Err(Error::Usage(message)) = SiteFs::open(&site_dir).and_then(|fs| load_config(&fs)) {
        return Err(Error::Usage(message));
    }
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Usage(format!("cannot start the server: {e}")))?;
    let address = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(TcpListener::bind(address))
        .map_err(|e| bind_error(address, &e))?;
    let addr = listener
        .local_addr()
        .map_err(|e| Error::Usage(format!("the server has no address: {e}")))?;
    let url = public_url(addr);
    let build = BuildOptions {
        base_url: Some(url.clone()),
        out_dir: None,
        style: LinkStyle::Hosted,
        cache: Some(Arc::default()),
        ..options.build.clone()
    };
    let shared = Arc::new(Shared::new(console, options.allowed_hosts.clone()));
    let rebuilder = Rebuilder::new(Arc::clone(&shared), build, Box::new(render_changes_into));
    let rebuilder = Arc::new(Mutex::new(rebuilder));
    // Watch first, so that an edit made during the first build still triggers a rebuild.
    let (watched, follow) = {
        let rebuilder = Arc::clone(&rebuilder);
        watch::watch(&site_dir, move |changed| {
            memo::lock(&rebuilder).run(Some(&changed));
        })?
    };
    memo::lock(&rebuilder).follow(follow);
    memo::lock(&rebuilder).run(None);
    runtime.spawn(listen::accept_loop(listener, Arc::clone(&shared)));
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
    runtime.shutdown_background();
    console.status("Stopped.");
    Ok(())
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

fn bind_error(address: SocketAddr, err: &io::Error) -> Error {
    if err.kind() == io::ErrorKind::AddrInUse {
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
