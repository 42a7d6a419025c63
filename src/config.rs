//! `site.yaml`: reads the site's configuration into a validated `Config`.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::error::{Diagnostic, Error};
use crate::fs::SiteFs;
use crate::yaml::{YamlSource, find_key, parse_yaml};

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
    "markdown_copies",
    "markdown",
    "review",
    "extra",
];

/// A site's configuration, as written in `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
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
    /// Whether each page's Markdown is written beside it (`index.html.md`, for AI tools and the
    /// "Copy page as Markdown" button; on by default). Off, `llms.txt` links to the pages.
    #[serde(default = "default_true")]
    pub markdown_copies: bool,
    #[serde(default)]
    pub markdown: MarkdownConfig,
    #[serde(default)]
    pub review: ReviewConfig,
    /// The site's own data, passed to templates as `site.extra`.
    #[serde(default)]
    pub extra: BTreeMap<String, serde_json::Value>,
}

/// The `markdown:` block of `site.yaml`.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct MarkdownConfig {
    /// Whether raw HTML in Markdown bodies is emitted as is (true) or escaped (false).
    #[serde(default = "default_true")]
    pub unsafe_html: bool,
}

/// The `review:` block of `site.yaml`: where the review page finds its questions.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ReviewConfig {
    /// The heading of a page's section of questions (`<details>` blocks); empty: no review page.
    #[serde(default = "default_review_heading")]
    pub heading: String,
}

impl Default for ReviewConfig {
    fn default() -> Self {
        ReviewConfig {
            heading: default_review_heading(),
        }
    }
}

fn default_review_heading() -> String {
    "Check yourself".into()
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
    let problems = config.problems(&path, &text);
    if !problems.is_empty() {
        return Err(Error::Content(problems));
    }
    config.normalize();
    Ok(config)
}

/// Why `url` cannot be used as the address of a web site, if it cannot: only `http://` and
/// `https://` URLs with a host (anything else, `javascript:` say, would land in every page).
pub fn web_url_problem(url: &str) -> Option<&'static str> {
    let lower = url.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return Some("it must start with `https://` or `http://`");
    };
    if rest.split(['/', '?', '#']).next().is_none_or(str::is_empty) {
        return Some("it has no host name after the `://`");
    }
    if url
        .chars()
        .any(|c| c.is_whitespace() || c.is_control() || "\"'<>`".contains(c))
    {
        return Some("it contains spaces, quotes or angle brackets");
    }
    None
}

impl Config {
    /// What is wrong with the values (the types are checked by parsing): an empty title, a URL
    /// that is not a web address. Each at its key in `text`, the file at `path`.
    fn problems(&self, path: &std::path::Path, text: &str) -> Vec<Diagnostic> {
        let at = |key: &str, message: String, hint: &str| {
            let (line, column) = find_key(text, key);
            Diagnostic::error(message)
                .at_line(path, text, line, column)
                .with_hint(hint)
        };
        let mut problems = Vec::new();
        if self.title.trim().is_empty() {
            problems.push(at(
                "title",
                "the site's `title` is empty".into(),
                "give the site a name: `title: Team handbook`",
            ));
        }
        for (key, value) in [("base_url", &self.base_url), ("repo_url", &self.repo_url)] {
            if let Some(why) = (!value.is_empty())
                .then(|| web_url_problem(value))
                .flatten()
            {
                problems.push(at(
                    key,
                    format!("`{key}` is not a web address: {why}"),
                    "write the full address, like `https://example.org/docs/`",
                ));
            }
        }
        problems
    }

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
    fn empty_titles_and_urls_that_are_not_web_addresses_are_errors() {
        let Err(Error::Content(d)) =
            config("title: \"  \"\nbase_url: javascript:alert(1)//\nrepo_url: https://\n")
        else {
            panic!("expected content errors");
        };
        let found: Vec<_> = d
            .iter()
            .map(|d| (d.message.as_str(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            found,
            [
                ("the site's `title` is empty", 1),
                (
                    "`base_url` is not a web address: it must start with `https://` or `http://`",
                    2
                ),
                (
                    "`repo_url` is not a web address: it has no host name after the `://`",
                    3
                ),
            ]
        );
        assert!(config("title: T\nbase_url: HTTPS://x.org/a b\n").is_err());
        assert!(config("title: T\nrepo_url: http://git.example/team/docs/edit/main\n").is_ok());
    }

    #[test]
    fn missing_file_is_a_usage_error() {
        let dir = tempfile::tempdir().unwrap();
        let fs = SiteFs::open(dir.path()).unwrap();
        assert!(matches!(load_config(&fs), Err(Error::Usage(_))));
    }
}
