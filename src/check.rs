//! `quire check`: the site built in memory with authoring lint on — every error a build reports,
//! plus the warnings and notes of `site::lint` and of each body's render — and nothing written.

use std::time::{Duration, Instant};

use crate::error::{Diagnostic, Error, sorted};
use crate::pipeline::{BuildOptions, render_site};

/// What `quire check` found.
#[derive(Debug)]
pub struct CheckReport {
    /// Errors, warnings and notes, sorted by file, line and column.
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages and sections the site has, when it builds.
    pub counts: Option<(usize, usize)>,
    pub elapsed: Duration,
}

impl CheckReport {
    pub fn errors(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds the site in memory with lint on; `Err` only for problems outside the content (no
/// `site.yaml`, an unreadable folder).
pub fn check_site(options: &BuildOptions) -> Result<CheckReport, Error> {
    let started = Instant::now();
    let options = BuildOptions {
        lint: true,
        ..options.clone()
    };
    let (diagnostics, counts) = match render_site(&options) {
        Ok(site) => (site.warnings, Some((site.pages, site.sections))),
        Err(Error::Content(found)) => (found, None),
        Err(other) => return Err(other),
    };
    Ok(CheckReport {
        diagnostics: sorted(diagnostics),
        counts,
        elapsed: started.elapsed(),
    })
}
