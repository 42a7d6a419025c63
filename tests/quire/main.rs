//! quire's integration tests: one binary, a module per feature, small fixture sites.

mod around_pages;
mod browser;
mod build;
mod bundle;
mod check;
mod errors;
mod external_links;
mod files;
mod git_dates;
mod guide;
mod hostile;
mod includes;
mod incremental;
mod init;
mod large_sites;
mod links;
mod properties;
mod rich_pages;
mod search_parity;
mod serve;
mod serve_edits;
mod serve_load;
mod snapshots;
mod support;
mod valid_html;
