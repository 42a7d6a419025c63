//! quire: a fast static documentation site generator. Markdown topic pages with YAML front matter
//! go in; a cross-linked, highlighted, searchable static site comes out.
//!
//! The pipeline runs in one direction (see DESIGN.md): [`content`] loads, [`site`] resolves,
//! [`markdown`] renders, [`templates`] lays out, [`search`] indexes, [`output`] writes; [`build`]
//! runs them in order.

pub mod assets;
pub mod build;
pub mod config;
pub mod content;
pub mod error;
pub mod markdown;
pub mod output;
pub mod search;
pub mod site;
pub mod templates;
pub mod theme;
mod yaml;

pub use build::{BuildOptions, BuildReport, build_site, render_site};
pub use error::{Diagnostic, Error};
