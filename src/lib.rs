//! quire: a fast static documentation site generator. Markdown topic pages with YAML front matter
//! go in; a cross-linked, highlighted, searchable static site comes out.
//!
//! The pipeline runs in one direction (see `docs/architecture.md`): [`content`] loads,
//! [`preprocess`] expands bodies, [`site`] resolves, [`markdown`] renders, [`templates`] lays
//! out, [`outputs`] makes the site-wide files (search index via [`search`]), [`write`] writes;
//! [`pipeline`] runs them in order and owns `quire serve`'s memo tables. [`fs`] is the one place
//! that reads site files; [`history`] asks git when each was last committed. [`check`] (with
//! [`linkcheck`] for external links), [`bundle`], [`serve`] and [`init`] back the other
//! commands; [`console`] prints for all of them.

pub mod bundle;
pub mod check;
pub mod config;
pub mod console;
pub mod content;
pub mod error;
pub mod fs;
pub mod history;
pub mod html;
pub mod init;
pub mod linkcheck;
pub mod markdown;
pub mod memo;
pub mod outputs;
pub mod pipeline;
pub mod preprocess;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod write;
mod yaml;

pub use error::{Diagnostic, Error};
pub use pipeline::{BuildOptions, BuildReport, build_site, render_site};
