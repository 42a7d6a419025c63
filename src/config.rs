//! `site.yaml`: reads the site's configuration into a validated `Config`.

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::error::Error;
use crate::fs::SiteFs;
use crate::yaml::{YamlSource, parse_yaml};

/// The file at the site root that holds the configuration.
pub const CONFIG_FILE: &str = "site.yaml";

const KNOWN_KEYS: &[&str] = &[
    "title",
    "description",
    "base_url",
    "language",
    "repo_url",
    "image",
    "git_dates",
    "markdown",
    "extra",
];

/// A site's configuration, as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    pub title: String,
    #[serde(default)]
    pub description: String,
    /// Absolute URL the hosted site lives at; used only for canonical links and the sitemap.
    #[serde(default)]
    pub base_url: String,
    #[serde(default = "default_language")]
    pub language: String,
    /// Where the sources live, for "Edit this page" links: `{repo_url}/content/{file}` (e.g. a
    /// repository's `…/edit/main` URL).
    #[serde(default)]
    pub repo_url: String,
    /// The image link previews show: an absolute URL, or a path under the site root (made
    /// absolute with `base_url`).
    #[serde(default)]
    pub image: String,
    /// Whether pages show when their source was last committed, from git (on by default).
    #[serde(default = "default_true")]
    pub git_dates: bool,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    /// The site's own data, passed to templates as `site.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The `markdown:` block of `site.yaml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Whether raw HTML in Markdown bodies is emitted as is (true) or escaped (false).
    #[serde(default = "default_true")]
    pub unsafe_html: bool,
}

impl Default for MarkdownConfig {
    fn default() -> Self {
        MarkdownConfig { unsafe_html: true }
    }
}

fn default_language() -> String {
    "en".into()
}

fn default_true() -> bool {
    true
}

/// Reads `site.yaml` from the site folder.
pub fn load_config(fs: &SiteFs) -> Result<Config, Error> {
    let path = fs.path(CONFIG_FILE);
    if !fs.exists(&path) {
        return Err(Error::Usage(format!(
            "no {CONFIG_FILE} in {}: is this a quire site? (`quire init DIR` makes one)",
            fs.dir().display()
        )));
    }
    let text = fs.read_text(&path).map_err(|d| Error::Content(vec![d]))?;
    let mut config: Config = parse_yaml(&YamlSource {
        path: &path,
        file_text: &text,
        yaml: &text,
        first_line: 1,
        known_keys: KNOWN_KEYS,
    })
    .map_err(|d| Error::Content(vec![d]))?;
    config.normalize();
    Ok(config)
}

impl Config {
    /// Makes URLs uniform so that joining them never doubles or drops a slash.
    pub fn normalize(&mut self) {
        if !self.base_url.is_empty() && !self.base_url.ends_with('/') {
            self.base_url.push('/');
        }
        if self.repo_url.ends_with('/') {
            self.repo_url.pop();
        }
    }

    /// The path part of `base_url` ("/" when there is none), for pages that need absolute links.
    pub fn base_path(&self) -> String {
        let after_scheme = self
            .base_url
            .split_once("://")
            .map_or(self.base_url.as_str(), |(_, rest)| rest);
        match after_scheme.find('/') {
            Some(i) => after_scheme[i..].to_string(),
            None => "/".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(yaml: &str) -> Result<Config, Error> {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(CONFIG_FILE), yaml).unwrap();
        load_config(&SiteFs::open(dir.path()).unwrap())
    }

    #[test]
    fn reads_and_normalizes() {
        let c =
            config("title: T\nbase_url: https://x.org/docs\nrepo_url: https://git/r/\n").unwrap();
        assert_eq!(c.base_url, "https://x.org/docs/");
        assert_eq!(c.base_path(), "/docs/");
        assert_eq!(c.repo_url, "https://git/r");
        assert_eq!(c.language, "en");
        assert!(c.markdown.unsafe_html);
    }

    #[test]
    fn unknown_key_has_hint() {
        let Err(Error::Content(d)) = config("title: T\ndescripton: x\n") else {
            panic!("expected a content error");
        };
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `description`?"));
        assert_eq!(d[0].location.as_ref().unwrap().line, 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_symlink_out_of_the_site_is_not_read() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "root:x:0:0\n").unwrap();
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), dir.path().join(CONFIG_FILE))
            .unwrap();
        let Err(Error::Content(d)) = load_config(&SiteFs::open(dir.path()).unwrap()) else {
            panic!("expected a content error");
        };
        assert!(d[0].message.starts_with("symlink points outside the site"));
        assert!(d[0].source_line.is_none(), "nothing of the target is shown");
    }

    #[test]
    fn missing_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        assert!(matches!(load_config(&fs), Err(Error::Usage(_))));
    }
}
