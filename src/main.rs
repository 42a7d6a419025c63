//! The `quire` command line: parses arguments, runs the library, prints diagnostics and picks the
//! exit code (0 ok, 1 content errors, 2 usage errors).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use quire::{BuildOptions, Diagnostic, Error, build_site};

#[derive(Parser)]
#[command(
    name = "quire",
    version,
    about = "A fast static documentation site generator"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into its output folder (default: SITE_DIR/public)
    #[command(
        after_help = "Examples:\n  quire build\n  quire build docs --out /tmp/site --base-url https://example.org/docs/\n  quire build --offline"
    )]
    Build {
        /// The site's folder (the one holding site.yaml)
        #[arg(default_value = ".")]
        site_dir: PathBuf,
        /// Where to write the site
        #[arg(short, long)]
        out: Option<PathBuf>,
        /// Absolute URL the site is hosted at (overrides site.yaml)
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`
        #[arg(long)]
        drafts: bool,
        /// Make links name index.html so the site works from file:// with no server
        #[arg(long)]
        offline: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Build {
            site_dir,
            out,
            base_url,
            drafts,
            offline,
        } => {
            let options = BuildOptions {
                site_dir,
                out_dir: out,
                base_url,
                drafts,
                offline,
            };
            match build_site(&options) {
                Ok(report) => {
                    print_diagnostics(&report.warnings);
                    println!(
                        "Built {} pages and {} sections in {} ms -> {}",
                        report.pages,
                        report.sections,
                        report.elapsed.as_millis(),
                        report.out_dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(err) => report_error(&err),
            }
        }
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for d in diagnostics {
        eprintln!("{d}");
    }
}

fn report_error(err: &Error) -> ExitCode {
    match err {
        Error::Content(diagnostics) => {
            print_diagnostics(diagnostics);
            eprintln!("error: build failed: {err}; the previous output was left as it was");
            ExitCode::from(1)
        }
        Error::Io { .. } => {
            eprintln!("error: {err}");
            ExitCode::from(1)
        }
        Error::Usage(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}
