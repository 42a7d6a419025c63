//! The `quire` command line: parses arguments, runs the library, prints diagnostics and picks the
//! exit code (0 ok, 1 content errors, 2 usage errors).

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use clap::{Args, CommandFactory, Parser, Subcommand};
use clap_complete::Shell;

use quire::bundle::{bundle_name, bundle_site};
use quire::check::check_site;
use quire::console::{Console, Verbosity};
use quire::error::Severity;
use quire::init::init_site;
use quire::serve::{AllowedHosts, ServeOptions, parse_allowed_host, serve};
use quire::{BuildOptions, Error, build_site};

const EXAMPLES: &str = "\
Examples:
  quire init my-docs          Create a small site to start from
  quire serve my-docs         Preview it at http://127.0.0.1:1111/, reloading on every save
  quire check my-docs         Find broken links and authoring slips without writing anything
  quire build my-docs         Write the site to my-docs/public

Exit status: 0 success, 1 the site has errors, 2 the command line or folder is unusable.
Colour: only on a terminal; set NO_COLOR=1 to turn it off, CLICOLOR_FORCE=1 to force it.";

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "A fast static documentation site generator",
    long_about = "A fast static documentation site generator: a folder of Markdown topic pages \
                  with YAML front matter in, a cross-linked, searchable static site out.",
    after_help = EXAMPLES,
    propagate_version = true
)]
struct Cli {
    /// Print errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    quiet: bool,
    /// Print more: changed files and requests in `serve`
    #[arg(short, long, global = true)]
    verbose: bool,
    #[command(subcommand)]
    command: Command,
}

/// The site folder and content choices every site command shares.
#[derive(Args)]
struct SiteArgs {
    /// The site's folder (the one holding site.yaml)
    #[arg(default_value = ".")]
    site_dir: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    drafts: bool,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (default: SITE_DIR/public)
    #[command(after_help = "\
Examples:
  quire build
  quire build docs --out /tmp/site --base-url https://example.org/docs/
  quire build --offline          Links name index.html: the site works from file://

The old output is replaced in one step, and only when the build succeeds.")]
    Build {
        #[command(flatten)]
        site: SiteArgs,
        /// Where to write the site
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is hosted at (overrides site.yaml)
        #[arg(long)]
        base_url: Option<String>,
        /// Make links name index.html so the site works from file:// with no server
        #[arg(long)]
        offline: bool,
    },
    /// Serve the site locally, rebuilding and reloading the browser on every change
    #[command(after_help = "\
Examples:
  quire serve                    Serve the site in this folder at http://127.0.0.1:1111/
  quire serve docs --open        ... and open it in the browser
  quire serve --port 0           Pick any free port (the URL is printed)
  quire serve --bind 0.0.0.0 --allow-host docs.lan
                                 Let the network in, also by the name docs.lan

The site is built in memory (nothing is written to public/). Edits to content/, templates/,
static/ and site.yaml rebuild it and reload open tabs. A broken edit keeps the last good site
up, prints the error here and shows it over the page until it is fixed.

Only requests addressed to an IP address, localhost or *.localhost are answered; any other
host name gets 403 unless it is given with --allow-host (so a web page cannot read the site
through a DNS name of its own that points here).")]
    Serve {
        #[command(flatten)]
        site: SiteArgs,
        /// Port to listen on; 0 picks a free one
        #[arg(short, long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; anything but loopback lets the network read the site
        #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
        /// Also answer requests for this host name (repeatable); IP addresses and localhost
        /// always work
        #[arg(long = "allow-host", value_name = "NAME", value_parser = parse_allowed_host)]
        allow_host: Vec<String>,
    },
    /// Check the site without writing it: build errors plus authoring warnings
    #[command(after_help = "\
Examples:
  quire check
  quire check docs -q            Errors only (for CI: the exit status says it all)

Besides every error a build reports (broken links and anchors, front matter, templates), check
warns about pages without a `summary:`, headings that skip a level (## then ####) and images
without alt text, and notes orphan pages: pages no other page or section links to (in its text
or `related:`). Warnings and notes never fail the check; errors exit with 1.")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
    },
    /// Create a new site with example pages in an empty or new folder
    #[command(after_help = "\
Examples:
  quire init my-docs
  cd my-docs && quire serve

The folder must be new or empty: init never overwrites anything.")]
    Init {
        /// The folder to create the site in
        dir: PathBuf,
    },
    /// Print a shell completion script
    #[command(after_help = "\
Examples:
  quire completions bash > ~/.local/share/bash-completion/completions/quire
  quire completions zsh > ~/.zfunc/_quire        (with fpath+=~/.zfunc in .zshrc)
  quire completions fish > ~/.config/fish/completions/quire.fish")]
    Completions {
        /// The shell to complete for
        shell: Shell,
    },
    /// Pack the offline site into one zip, or the printable page into one HTML file
    #[command(after_help = "\
Examples:
  quire bundle                       Writes <site-title>.zip: unzip it, open index.html
  quire bundle docs -o guide.zip
  quire bundle --single-file         Writes <site-title>.html: the whole site on one page,
                                     styles and scripts inlined, to mail or print

The zip holds one top-level folder with the offline build (links name index.html, nothing is
fetched from the network), so it works straight from file://.")]
    Bundle {
        #[command(flatten)]
        site: SiteArgs,
        /// The file to write (default: the site title as a file name, in the current folder)
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Write print.html as one self-contained HTML file instead of a zip
        #[arg(long)]
        single_file: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let console = Console::new(if cli.quiet {
        Verbosity::Quiet
    } else if cli.verbose {
        Verbosity::Verbose
    } else {
        Verbosity::Normal
    });
    match cli.command {
        Command::Build {
            site,
            out,
            base_url,
            offline,
        } => run_build(
            &BuildOptions {
                site_dir: site.site_dir,
                out_dir: out,
                base_url,
                drafts: site.drafts,
                offline,
                ..BuildOptions::default()
            },
            console,
        ),
        Command::Serve {
            site,
            port,
            bind,
            open,
            allow_host,
        } => {
            let options = ServeOptions {
                build: BuildOptions {
                    site_dir: site.site_dir,
                    drafts: site.drafts,
                    ..BuildOptions::default()
                },
                bind,
                port,
                open,
                allowed_hosts: AllowedHosts::new(allow_host),
            };
            match serve(&options, console) {
                Ok(()) => ExitCode::SUCCESS,
                Err(err) => report_error(&err, console),
            }
        }
        Command::Check { site } => run_check(
            &BuildOptions {
                site_dir: site.site_dir,
                drafts: site.drafts,
                ..BuildOptions::default()
            },
            console,
        ),
        Command::Init { dir } => run_init(&dir, console),
        Command::Bundle {
            site,
            out,
            single_file,
        } => run_bundle(
            &BuildOptions {
                site_dir: site.site_dir,
                drafts: site.drafts,
                ..BuildOptions::default()
            },
            out,
            single_file,
            console,
        ),
        Command::Completions { shell } => {
            clap_complete::generate(shell, &mut Cli::command(), "quire", &mut std::io::stdout());
            ExitCode::SUCCESS
        }
    }
}

fn run_build(options: &BuildOptions, console: Console) -> ExitCode {
    let progress = Arc::new(AtomicUsize::new(0));
    let options = BuildOptions {
        progress: Some(Arc::clone(&progress)),
        ..options.clone()
    };
    let done = Arc::new(AtomicBool::new(false));
    let spinner = (console.verbosity != Verbosity::Quiet && std::io::stderr().is_terminal())
        .then(|| show_progress(Arc::clone(&progress), Arc::clone(&done)));
    let result = build_site(&options);
    done.store(true, Ordering::Relaxed);
    if let Some(spinner) = spinner {
        let _ = spinner.join();
    }
    match result {
        Ok(report) => {
            console.diagnostics(&report.warnings);
            console.headline(
                "Built",
                &format!(
                    "{} pages and {} sections ({} files) in {} ms{} -> {}",
                    report.pages,
                    report.sections,
                    report.files,
                    report.elapsed.as_millis(),
                    counts(0, report.warnings.len(), 0),
                    report.out_dir.display()
                ),
            );
            ExitCode::SUCCESS
        }
        Err(err) => report_error(&err, console),
    }
}

/// After a second of building, shows a spinner with the pages written so far (terminals only).
fn show_progress(progress: Arc<AtomicUsize>, done: Arc<AtomicBool>) -> std::thread::JoinHandle<()> {
    std::thread::spawn(move || {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(1) {
            if done.load(Ordering::Relaxed) {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let bar = ProgressBar::new_spinner();
        bar.set_style(
            ProgressStyle::with_template("{spinner} Building… {msg} ({elapsed})")
                .unwrap_or_else(|_| ProgressStyle::default_spinner()),
        );
        while !done.load(Ordering::Relaxed) {
            bar.set_message(format!(
                "{} pages written",
                progress.load(Ordering::Relaxed)
            ));
            bar.tick();
            std::thread::sleep(Duration::from_millis(100));
        }
        bar.finish_and_clear();
    })
}

fn run_bundle(
    options: &BuildOptions,
    out: Option<PathBuf>,
    single_file: bool,
    console: Console,
) -> ExitCode {
    let target = match out {
        Some(out) => out,
        None => match bundle_name(&options.site_dir) {
            Ok(name) => PathBuf::from(format!(
                "{name}.{}",
                if single_file { "html" } else { "zip" }
            )),
            Err(err) => return report_error(&err, console),
        },
    };
    match bundle_site(options, &target, single_file) {
        Ok(report) => {
            console.diagnostics(&report.warnings);
            console.headline(
                "Bundled",
                &format!(
                    "{} files ({} KB){} -> {}",
                    report.files,
                    report.bytes.div_ceil(1024),
                    counts(0, report.warnings.len(), 0),
                    report.path.display()
                ),
            );
            ExitCode::SUCCESS
        }
        Err(err) => report_error(&err, console),
    }
}

fn run_check(options: &BuildOptions, console: Console) -> ExitCode {
    let report = match check_site(options) {
        Ok(report) => report,
        Err(err) => return report_error(&err, console),
    };
    console.diagnostics(&report.diagnostics);
    let count = |severity| {
        report
            .diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    };
    let (errors, warnings, notes) = (
        count(Severity::Error),
        count(Severity::Warning),
        count(Severity::Note),
    );
    let summary = format!(
        "{} pages and {} sections in {} ms{}",
        report.pages,
        report.sections,
        report.elapsed.as_millis(),
        match counts(errors, warnings, notes) {
            found if found.is_empty() => ": no problems found".to_string(),
            found => format!(":{}", found.trim_start_matches(',')),
        }
    );
    if errors > 0 {
        console.error(&format!("check failed: {summary}"));
        ExitCode::from(1)
    } else {
        console.headline("Checked", &summary);
        ExitCode::SUCCESS
    }
}

fn run_init(dir: &std::path::Path, console: Console) -> ExitCode {
    match init_site(dir) {
        Ok(files) => {
            for file in &files {
                console.detail(&format!("  created {}", file.display()));
            }
            console.headline(
                "Created",
                &format!("a new site in {} ({} files)", dir.display(), files.len()),
            );
            let arg = shell_word(&dir.display().to_string());
            console.status(&format!(
                "Next: `quire serve {arg}` to preview it, then edit the pages under {arg}/content/"
            ));
            ExitCode::SUCCESS
        }
        Err(err) => report_error(&err, console),
    }
}

/// ", 1 error, 2 warnings" — empty when all counts are zero.
fn counts(errors: usize, warnings: usize, notes: usize) -> String {
    [(errors, "error"), (warnings, "warning"), (notes, "note")]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, word)| format!(", {n} {word}{}", if n == 1 { "" } else { "s" }))
        .collect()
}

/// Quotes a path for the "next step" hint when it would not survive a shell as it is.
fn shell_word(text: &str) -> String {
    let plain = text
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "/._-~".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

fn report_error(err: &Error, console: Console) -> ExitCode {
    match err {
        Error::Content(diagnostics) => {
            console.diagnostics(diagnostics);
            console.error(&format!(
                "build failed: {err}; the previous output was left as it was"
            ));
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            console.error(&err.to_string());
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            console.error(message);
            ExitCode::from(2)
        }
    }
}
