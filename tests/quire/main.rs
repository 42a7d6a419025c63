//! quire's integration tests: one binary, a module per feature, small fixture sites.

mod around_pages;
mod browser;
mod build;
mod bundle;
mod check;
mod errors;
mod external_links;
mod git_dates;
mod guide;
mod hostile;
mod incremental;
mod init;
mod links;
mod properties;
mod search_parity;
mod serve;
mod snapshots;
mod support;
mod valid_html;
