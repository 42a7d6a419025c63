//! The command line's shape: subcommands, options and help texts (clap). `main` runs them.

use std::net::IpAddr;
use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, Parser, Subcommand};
use clap_complete::Shell;
use quire::serve::parse_allowed_host;

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
pub struct Cli {
    /// Print errors only
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more: changed files and requests in `serve`
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

/// The site folder and content choices every site command shares.
#[derive(Args)]
pub struct SiteArgs {
    /// The site's folder (the one holding site.yaml)
    #[arg(default_value = ".")]
    pub site_dir: PathBuf,
    /// Include pages marked `draft: true`
    #[arg(long)]
    pub drafts: bool,
}

#[derive(Subcommand)]
pub enum Command {
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
        /// Replace the output folder even if it holds files quire did not write (they are deleted)
        #[arg(long)]
        force: bool,
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
or `related:`). Warnings and notes never fail the check; errors exit with 1.

With --external, every http(s) link is requested too (HEAD, then GET; redirects followed),
at most --concurrency at once and --per-host to one host. A dead link is an error at each
place it is written; a redirect is a note. Links that answered well within --max-age are not
asked again (remembered in SITE_DIR/.quire-cache/; dead ones are always asked again).

  quire check --external
  quire check --external --max-age 0 --timeout 30s")]
    Check {
        #[command(flatten)]
        site: SiteArgs,
        /// Also request every external (http/https) link and report the dead ones
        #[arg(long)]
        external: bool,
        /// Trust a link that answered well this recently (e.g. 12h, 7d; 0: ask every link)
        #[arg(long, value_name = "DURATION", default_value = "1d", value_parser = humantime::parse_duration, requires = "external")]
        max_age: Duration,
        /// How long one request may take
        #[arg(long, value_name = "DURATION", default_value = "10s", value_parser = humantime::parse_duration, requires = "external")]
        timeout: Duration,
        /// Requests in flight at once
        #[arg(long, value_name = "N", default_value_t = 16, value_parser = clap::value_parser!(u16).range(1..), requires = "external")]
        concurrency: u16,
        /// Requests in flight at once to one host
        #[arg(long, value_name = "N", default_value_t = 2, value_parser = clap::value_parser!(u16).range(1..), requires = "external")]
        per_host: u16,
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
