//! Aliases: each document's `aliases:` (old URLs, as paths from the site root) in; the file each
//! one is written to out (`/old/` is `old/index.html`, `/legacy/page.html` is that file), with
//! every alias that is not such a path reported where it is written.

use super::ids::DocRef;
use super::tree::Content;
use crate::error::Diagnostic;
use crate::yaml::find_entry;

/// An old URL of a document, and the file that sends readers on from it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Alias {
    pub doc: DocRef,
    /// As written in the front matter, e.g. `/old/path/`.
    pub written: String,
    /// The file it is written to, relative to the output root: `old/path/index.html`.
    pub path: String,
    /// 1-based line and column of the alias in its source.
    pub line: usize,
    pub column: usize,
}

impl Alias {
    /// The folder the file is in, as a site-root-relative URL (`old/path/`, `` at the root).
    pub fn folder(&self) -> &str {
        &self.path[..self.path.rfind('/').map_or(0, |i| i + 1)]
    }
}

/// Every document's aliases, in `Content::docs` order; an alias that is not a usable path is
/// reported and left out.
pub fn resolve_aliases(content: &Content, diagnostics: &mut Vec<Diagnostic>) -> Vec<Alias> {
    let mut aliases = Vec::new();
    for doc in content.docs() {
        let written = match doc {
            DocRef::Section(id) => &content.sections[id].front.aliases,
            DocRef::Page(id) => &content.pages[id].front.aliases,
        };
        let source = content.source(doc);
        for alias in written {
            let (line, column) = find_entry(&source.text, "aliases", alias);
            match alias_path(alias) {
                Ok(path) => aliases.push(Alias {
                    doc,
                    written: alias.clone(),
                    path,
                    line,
                    column,
                }),
                Err((problem, hint)) => diagnostics.push(
                    Diagnostic::error(format!("alias `{alias}` {problem}"))
                        .at_line(&source.path, &source.text, line, column)
                        .with_hint(hint),
                ),
            }
        }
    }
    aliases
}

/// The output file of an alias: a folder URL (`/old/`, `/old`) is its `index.html`, an `.html`
/// URL is that file. Else what is wrong with it and what to write instead.
fn alias_path(alias: &str) -> Result<String, (&'static str, String)> {
    if alias.contains("://") {
        return Err((
            "is a full URL",
            "write only the path from the site root, e.g. `/old/page/`".into(),
        ));
    }
    let Some(path) = alias.strip_prefix('/') else {
        return Err((
            "does not start with `/`",
            format!("aliases are paths from the site root: write `/{alias}`"),
        ));
    };
    if let Some(c) = path
        .chars()
        .find(|&c| c.is_whitespace() || c.is_control() || "\\?#%\"<>".contains(c))
    {
        return Err((
            "contains a character a file name in a URL cannot have",
            format!(
                "remove {c:?}: write the path as the reader's browser shows it, without a query, \
                 a `#fragment` or %-escapes"
            ),
        ));
    }
    let mut segments: Vec<&str> = path.split('/').collect();
    let last = segments.pop().unwrap_or_default();
    if segments
        .iter()
        .chain([&last].into_iter().filter(|l| !l.is_empty()))
        .any(|s| s.is_empty() || s.starts_with('.'))
    {
        return Err((
            "has an empty, `.` or `..` segment (or one starting with `.`)",
            "write a plain path such as `/old/page/`".into(),
        ));
    }
    let mut file = segments.join("/");
    if !file.is_empty() {
        file.push('/');
    }
    match last.rsplit_once('.') {
        _ if last.is_empty() => file.push_str("index.html"),
        None => {
            file.push_str(last);
            file.push_str("/index.html");
        }
        Some((_, "html" | "htm")) => file.push_str(last),
        Some(_) => {
            return Err((
                "names a file that is not a web page",
                "an alias is a folder (`/old/page/`) or an `.html` file; a web server would not \
                 show another file as a page"
                    .into(),
            ));
        }
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::site::tests::site_from;

    #[test]
    fn aliases_map_to_files() {
        assert_eq!(alias_path("/old/path/").unwrap(), "old/path/index.html");
        assert_eq!(alias_path("/old/path").unwrap(), "old/path/index.html");
        assert_eq!(alias_path("/legacy/page.html").unwrap(), "legacy/page.html");
        assert_eq!(alias_path("/page.htm").unwrap(), "page.htm");
        assert_eq!(alias_path("/").unwrap(), "index.html");
        assert_eq!(alias_path("/café/").unwrap(), "café/index.html");
        assert_eq!(alias_path("/v1.2/").unwrap(), "v1.2/index.html");
    }

    #[test]
    fn unusable_aliases_are_refused() {
        for bad in [
            "old/",
            "https://example.org/old/",
            "/a/../b/",
            "/a//b/",
            "/./a/",
            "/.git/",
            "/a b/",
            "/a?x=1",
            "/a#top",
            "/caf%C3%A9/",
            "/a\\b/",
            "/file.pdf",
        ] {
            assert!(alias_path(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_bad_alias_is_reported_at_its_line() {
        let errors = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            (
                "a.md",
                "---\ntitle: A\naliases:\n  - /fine/\n  - ../escape/\n---\n",
            ),
        ])
        .unwrap_err();
        let loc = errors[0].location.as_ref().unwrap();
        assert_eq!(
            (errors[0].message.as_str(), loc.line, loc.column),
            ("alias `../escape/` does not start with `/`", 5, 5)
        );
    }

    #[test]
    fn aliases_of_pages_and_sections_are_kept_with_their_place() {
        let site = site_from(&[
            ("_index.md", "---\ntitle: Home\n---\n"),
            ("s/_index.md", "---\ntitle: S\naliases: [/old-s/]\n---\n"),
            ("s/a.md", "---\ntitle: A\naliases: [\"/x/a.html\"]\n---\n"),
        ])
        .unwrap();
        let shown: Vec<(&str, &str, &str, usize)> = site
            .aliases
            .iter()
            .map(|a| (a.written.as_str(), a.path.as_str(), a.folder(), a.line))
            .collect();
        assert_eq!(
            shown,
            [
                ("/old-s/", "old-s/index.html", "old-s/", 3),
                ("/x/a.html", "x/a.html", "x/", 3)
            ]
        );
    }
}
