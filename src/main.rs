//! The `quire` command line: parses arguments, runs the library, prints diagnostics and picks the
//! exit code (0 ok, 1 content errors, 2 usage errors).

mod cli;

/// mimalloc: the search index grows while pages are rendered, and glibc's allocator then spends
/// ~10% of a 10,000-page build searching its free lists; with mimalloc the build takes the CPU it
/// took before the index was streamed, and holds about 340 MB at its peak instead of 508 MB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressStyle};

use clap::{CommandFactory, Parser};

use quire::bundle::{bundle_name, bundle_site};
use quire::check::check_site;
use quire::console::{Console, Verbosity};
use quire::error::{Severity, sorted};
use quire::init::init_site;
use quire::linkcheck::{ExternalOptions, check_external_links};
use quire::serve::{AllowedHosts, ServeOptions, serve};
use quire::site::urls::LinkStyle;
use quire::{BuildOptions, Error, build_site};

use cli::{Cli, Command};

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
            force,
        } => run_build(
            &BuildOptions {
                site_dir: site.site_dir,
                out_dir: out,
                base_url,
                drafts: site.drafts,
                style: if offline {
                    LinkStyle::Offline
                } else {
                    LinkStyle::Hosted
                },
                force,
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
        Command::Check {
            site,
            external,
            max_age,
            timeout,
            concurrency,
            per_host,
        } => run_check(
            &BuildOptions {
                site_dir: site.site_dir,
                drafts: site.drafts,
                ..BuildOptions::default()
            },
            external.then_some(ExternalOptions {
                max_age,
                timeout,
                concurrency: usize::from(concurrency),
                per_host: usize::from(per_host),
            }),
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
    // Ctrl-C or SIGTERM mid-build removes the half-written staging folder; the old site stays.
    if let Err(err) = quire::write::remove_staging_on_signal() {
        console.warning(&format!(
            "cannot catch Ctrl-C ({err}); an interrupted build leaves a hidden .quire-tmp-* folder"
        ));
    }
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

fn run_check(
    options: &BuildOptions,
    external: Option<ExternalOptions>,
    console: Console,
) -> ExitCode {
    let mut report = match check_site(options) {
        Ok(report) => report,
        Err(err) => return report_error(&err, console),
    };
    if let Some(external) = external {
        if report.errors() > 0 {
            console.status("External links were not checked: fix the errors above first.");
        } else {
            match check_external_links(options, &external) {
                Ok(found) => {
                    console.status(&format!(
                        "Checked {} external {} ({} asked, the rest answered well within {})",
                        found.urls,
                        if found.urls == 1 { "link" } else { "links" },
                        found.asked,
                        humantime::format_duration(external.max_age)
                    ));
                    report.diagnostics.extend(found.diagnostics);
                    report.diagnostics = sorted(std::mem::take(&mut report.diagnostics));
                }
                Err(err) => return report_error(&err, console),
            }
        }
    }
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
    let size = match report.counts {
        Some((pages, sections)) => format!("{pages} pages and {sections} sections"),
        None => "the site".to_string(),
    };
    let summary = format!(
        "{size} in {} ms{}",
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
