//! quire: a fast static documentation site generator. Markdown topic pages with YAML front matter
//! go in; a cross-linked, highlighted, searchable static site comes out.
//!
//! The pipeline runs in one direction (see DESIGN.md): [`content`] loads, [`site`] resolves,
//! [`markdown`] renders, [`templates`] lays out, [`search`] indexes, [`output`] writes; [`build`]
//! runs them in order. [`check`], [`serve`] and [`init`] back the other commands; [`console`]
//! prints for all of them.

pub mod assets;
pub mod build;
pub mod bundle;
pub mod cache;
pub mod check;
pub mod config;
pub mod console;
pub mod content;
pub mod error;
pub mod init;
pub mod markdown;
pub mod output;
pub mod print;
pub mod search;
pub mod serve;
pub mod site;
pub mod templates;
pub mod theme;
mod yaml;

pub use build::{BuildOptions, BuildReport, build_site, render_site};
pub use error::{Diagnostic, Error};
