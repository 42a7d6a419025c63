//! Claims on output paths: who wants to write which path, checked all together before anything
//! is written, so a collision is reported at the source file that causes it and never surfaces as
//! an operating-system error halfway through writing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::error::{Diagnostic, Location};

/// The longest file or folder name most file systems accept, in bytes.
const MAX_NAME_BYTES: usize = 255;

/// A path an output will write, and who wants it.
#[derive(Debug, Clone)]
pub enum Claim {
    /// One file at `path` (relative to the output folder, `/`-separated).
    File { path: String, owner: Owner },
    /// Files under `folder` whose names `matches` accepts (content-hashed names, not known before
    /// they are made): a copied file there would be overwritten.
    Reserved {
        folder: &'static str,
        matches: fn(&str) -> bool,
        what: &'static str,
    },
}

/// Who claims a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Owner {
    /// The page made from this Markdown source.
    Page(PathBuf),
    /// A file copied from this source.
    Copy(PathBuf),
    /// A file quire makes itself (the search index, the print page...).
    Generated,
    /// A page that sends readers on from an old URL (front matter `aliases:`).
    Alias(AliasSource),
}

/// An alias as written, and where: collisions are reported at the alias.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AliasSource {
    /// The old URL as written (`/old/path/`).
    pub alias: String,
    /// Its line and column in the front matter.
    pub location: Location,
    /// The text of that line.
    pub line_text: String,
}

impl AliasSource {
    /// An error at the alias.
    fn error(&self, message: String) -> Diagnostic {
        let mut diagnostic = Diagnostic::error(message);
        diagnostic.location = Some(self.location.clone());
        diagnostic.source_line = Some(self.line_text.clone());
        diagnostic
    }
}

impl Claim {
    /// A page's or a generated file's claim: `source` is the Markdown file a page comes from.
    pub fn file(path: String, source: Option<PathBuf>) -> Claim {
        Claim::File {
            path,
            owner: source.map_or(Owner::Generated, Owner::Page),
        }
    }

    pub fn generated(path: impl Into<String>) -> Claim {
        Claim::File {
            path: path.into(),
            owner: Owner::Generated,
        }
    }

    pub fn copy(path: String, source: PathBuf) -> Claim {
        Claim::File {
            path,
            owner: Owner::Copy(source),
        }
    }

    pub fn alias(path: String, source: AliasSource) -> Claim {
        Claim::File {
            path,
            owner: Owner::Alias(source),
        }
    }
}

/// Every collision among `claims`: two claims on one file, a file where another claim needs a
/// folder, a copied file among reserved names, a name too long for a file system.
pub fn check_claims(claims: Vec<Claim>) -> Vec<Diagnostic> {
    let mut files: BTreeMap<String, Vec<Owner>> = BTreeMap::new();
    let mut reserved = Vec::new();
    for claim in claims {
        match claim {
            Claim::File { path, owner } => files.entry(path).or_default().push(owner),
            Claim::Reserved {
                folder,
                matches,
                what,
            } => reserved.push((folder, matches, what)),
        }
    }
    let mut problems = Vec::new();
    for (path, owners) in &files {
        problems.extend(same_path(path, owners));
        problems.extend(name_too_long(path, &owners[0]));
        for &(folder, matches, what) in &reserved {
            if let Some(name) = path.strip_prefix(folder).filter(|n| matches(n)) {
                for owner in owners {
                    if let Owner::Copy(source) = owner {
                        problems.push(
                            Diagnostic::error(format!(
                                "`{path}` would overwrite one of quire's {what} (`{folder}{name}`)"
                            ))
                            .in_file(source)
                            .with_hint("rename or move this file: quire writes files with such names there"),
                        );
                    }
                }
            }
        }
    }
    problems.extend(files_where_folders_go(&files));
    problems
}

/// Two or more claims on one path.
fn same_path(path: &str, owners: &[Owner]) -> Vec<Diagnostic> {
    if owners.len() < 2 {
        return Vec::new();
    }
    if owners.iter().any(|o| matches!(o, Owner::Alias(_))) {
        let mut problems = alias_collisions(path, owners);
        let others: Vec<Owner> = owners
            .iter()
            .filter(|o| !matches!(o, Owner::Alias(_)))
            .cloned()
            .collect();
        problems.extend(same_path(path, &others));
        return problems;
    }
    let generated = owners
        .iter()
        .any(|o| matches!(o, Owner::Generated | Owner::Page(_)));
    let mut problems = Vec::new();
    let mut first_copy: Option<&PathBuf> = None;
    for owner in owners {
        let Owner::Copy(source) = owner else {
            continue;
        };
        if generated {
            problems.push(
                Diagnostic::error(format!("`{path}` would overwrite a generated file"))
                    .in_file(source)
                    .with_hint("rename or move this file: quire writes that path itself"),
            );
        } else if let Some(first) = first_copy {
            problems.push(
                Diagnostic::error(format!("two files are copied to `{path}`"))
                    .in_file(source)
                    .with_hint(format!(
                        "{} is copied there too; rename one",
                        first.display()
                    )),
            );
        } else {
            first_copy = Some(source);
        }
    }
    let pages: Vec<&PathBuf> = owners
        .iter()
        .filter_map(|o| match o {
            Owner::Page(source) => Some(source),
            _ => None,
        })
        .collect();
    if problems.is_empty() && pages.len() + usize::from(owners.contains(&Owner::Generated)) > 1 {
        // A page whose URL lands on a file quire makes itself (`slug: print.html` and the like).
        for source in pages {
            problems.push(
                Diagnostic::error(format!(
                    "this page would be written to `{path}`, a file quire also writes"
                ))
                .in_file(source)
                .with_hint("give the page another `slug:`"),
            );
        }
    }
    problems
}

/// An alias on a path something else claims too: reported at each alias, naming what else is
/// written there.
fn alias_collisions(path: &str, owners: &[Owner]) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    for (at, owner) in owners.iter().enumerate() {
        let Owner::Alias(alias) = owner else {
            continue;
        };
        // Name what this alias collides with: the page or file there, else an alias before it
        // (two aliases on one path are reported once, at the second).
        let other = owners
            .iter()
            .find(|o| !matches!(o, Owner::Alias(_)))
            .or_else(|| owners[..at].first());
        let Some(other) = other else {
            continue;
        };
        let what = match other {
            Owner::Page(source) => format!("the page of {}", source.display()),
            Owner::Copy(source) => format!("the file {}", source.display()),
            Owner::Generated => "a file quire makes itself".to_string(),
            Owner::Alias(first) => format!(
                "the alias `{}` of {}",
                first.alias,
                first.location.path.display()
            ),
        };
        problems.push(
            alias
                .error(format!(
                    "the alias `{}` would be written to `{path}`, where {what} is written",
                    alias.alias
                ))
                .with_hint("remove the alias or change it: an old URL can lead to one page only"),
        );
    }
    problems
}

/// A claimed file whose path another claim needs as a folder (`alpha` and `alpha/index.html`).
fn files_where_folders_go(files: &BTreeMap<String, Vec<Owner>>) -> Vec<Diagnostic> {
    let mut problems = Vec::new();
    let mut reported = BTreeSet::new();
    for (path, owners) in files {
        let mut folder_end = 0;
        while let Some(slash) = path[folder_end..].find('/') {
            let folder = &path[..folder_end + slash];
            folder_end += slash + 1;
            let Some(file_owners) = files.get(folder) else {
                continue;
            };
            // Report at what the author can most easily change: the copied file, an alias, else
            // the page.
            let culprit = file_owners
                .iter()
                .chain(owners)
                .find(|o| matches!(o, Owner::Copy(_)))
                .or_else(|| {
                    file_owners
                        .iter()
                        .chain(owners)
                        .find(|o| matches!(o, Owner::Alias(_)))
                })
                .or_else(|| {
                    owners
                        .iter()
                        .chain(file_owners)
                        .find(|o| matches!(o, Owner::Page(_)))
                });
            // One report per folder and culprit: a page's folder holds several of its files.
            if !reported.insert((folder.to_string(), format!("{culprit:?}"))) {
                continue;
            }
            let message = format!(
                "`{folder}` would be a file where the output needs a folder (for `{path}`)"
            );
            let diagnostic = match culprit {
                Some(Owner::Copy(source)) => Diagnostic::error(message).in_file(source).with_hint(
                    "rename or move this file, or rename the section or page of that folder",
                ),
                Some(Owner::Page(source)) => Diagnostic::error(message)
                    .in_file(source)
                    .with_hint("give this page or section another `slug:` (or rename its file)"),
                Some(Owner::Alias(alias)) => alias
                    .error(format!("the alias `{}`: {message}", alias.alias))
                    .with_hint("change the alias: it names a folder or a file another page needs"),
                _ => Diagnostic::error(message),
            };
            problems.push(diagnostic);
        }
    }
    problems
}

/// A path segment longer than file systems allow.
fn name_too_long(path: &str, owner: &Owner) -> Option<Diagnostic> {
    let long = path.split('/').find(|s| s.len() > MAX_NAME_BYTES)?;
    let message = format!(
        "`{}…` is too long for a file name ({} bytes; file systems allow {MAX_NAME_BYTES})",
        long.chars().take(40).collect::<String>(),
        long.len()
    );
    Some(match owner {
        Owner::Page(source) => Diagnostic::error(message)
            .in_file(source)
            .with_hint("give the page a shorter `slug:` or file name"),
        Owner::Copy(source) => Diagnostic::error(message)
            .in_file(source)
            .with_hint("give the file a shorter name"),
        Owner::Alias(alias) => alias.error(message).with_hint("shorten the alias"),
        Owner::Generated => Diagnostic::error(message),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(claims: Vec<Claim>) -> Vec<String> {
        check_claims(claims)
            .into_iter()
            .map(|d| d.message)
            .collect()
    }

    #[test]
    fn copies_over_generated_files_and_each_other_are_named() {
        let found = messages(vec![
            Claim::file("a/index.html".into(), Some("content/a.md".into())),
            Claim::copy("a/index.html".into(), "static/a/index.html".into()),
            Claim::copy("x.png".into(), "static/x.png".into()),
            Claim::copy("x.png".into(), "content/x.png".into()),
            Claim::generated("404.html"),
        ]);
        assert_eq!(
            found,
            [
                "`a/index.html` would overwrite a generated file",
                "two files are copied to `x.png`"
            ]
        );
    }

    #[test]
    fn files_where_folders_go_are_found_both_ways() {
        let found = messages(vec![
            Claim::generated("index.html"),
            Claim::file("index.html/index.html".into(), Some("content/p.md".into())),
            Claim::copy("alpha".into(), "static/alpha".into()),
            Claim::file(
                "alpha/index.html".into(),
                Some("content/alpha/_index.md".into()),
            ),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found[0].starts_with("`alpha` would be a file"), "{found:?}");
        assert!(
            found[1].starts_with("`index.html` would be a file"),
            "{found:?}"
        );
    }

    #[test]
    fn reserved_names_and_long_names_are_refused() {
        let long = "x".repeat(300);
        let found = messages(vec![
            Claim::Reserved {
                folder: "search/",
                matches: |name| name.starts_with('t'),
                what: "search index files",
            },
            Claim::copy("search/t0.js".into(), "static/search/t0.js".into()),
            Claim::copy(
                "search/readme.txt".into(),
                "static/search/readme.txt".into(),
            ),
            Claim::file(format!("{long}/index.html"), Some("content/long.md".into())),
        ]);
        assert_eq!(found.len(), 2, "{found:?}");
        assert!(found.iter().any(|m| m.contains("too long for a file name")));
        assert!(found.iter().any(|m| m.contains("search index files")));
    }

    fn alias(written: &str, path: &str, line: usize) -> Claim {
        Claim::alias(
            path.into(),
            AliasSource {
                alias: written.into(),
                location: Location {
                    path: "content/new.md".into(),
                    line,
                    column: 5,
                },
                line_text: format!("  - {written}"),
            },
        )
    }

    #[test]
    fn an_alias_collision_names_both_sources_at_the_alias() {
        let found = check_claims(vec![
            Claim::file("old/index.html".into(), Some("content/old.md".into())),
            alias("/old/", "old/index.html", 3),
            Claim::copy("legacy.html".into(), "static/legacy.html".into()),
            alias("/legacy.html", "legacy.html", 4),
            alias("/twice/", "twice/index.html", 5),
            alias("/twice", "twice/index.html", 6),
        ]);
        let shown: Vec<(String, usize)> = found
            .iter()
            .map(|d| (d.message.clone(), d.location.as_ref().unwrap().line))
            .collect();
        assert_eq!(
            shown,
            [
                (
                    "the alias `/legacy.html` would be written to `legacy.html`, where the file \
                     static/legacy.html is written"
                        .to_string(),
                    4
                ),
                (
                    "the alias `/old/` would be written to `old/index.html`, where the page of \
                     content/old.md is written"
                        .to_string(),
                    3
                ),
                (
                    "the alias `/twice` would be written to `twice/index.html`, where the alias \
                     `/twice/` of content/new.md is written"
                        .to_string(),
                    6
                ),
            ]
        );
        assert_eq!(found[0].source_line.as_deref(), Some("  - /legacy.html"));
    }
}
