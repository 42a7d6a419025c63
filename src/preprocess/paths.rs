//! Paths written in a site's files (`../img/a.png`, `../../src/main.rs`), resolved the way a code
//! host resolves a relative link: by name, against the folder of the file they are written in,
//! as paths relative to the site folder (`content/guide/a.png`; `../src/main.rs` outside it).

use std::path::{Component, Path, PathBuf};

/// The site folder, by the names of the folders that lead to it.
#[derive(Debug, Clone)]
pub struct SiteRoot {
    /// Its real path.
    real: PathBuf,
    /// The names of its folders from the file system's root (`["home", "me", "project", "docs"]`).
    names: Vec<String>,
}

impl SiteRoot {
    /// The site folder at `real` (symlinks resolved).
    pub fn new(real: &Path) -> SiteRoot {
        let names = real
            .components()
            .filter_map(|c| match c {
                Component::Normal(name) => Some(name.to_string_lossy().into_owned()),
                _ => None,
            })
            .collect();
        SiteRoot {
            real: real.to_path_buf(),
            names,
        }
    }

    /// `path` (`/`-separated, as written) joined onto `dir` (a site-relative folder such as
    /// `content/guide`), with `.` and `..` resolved by name: a site-relative path, led by `../`
    /// when it lies outside the site. `None` if it climbs above the file system's root.
    pub fn join(&self, dir: &str, path: &str) -> Option<String> {
        let mut parts: Vec<&str> = Vec::new();
        for part in dir.split('/').chain(path.split('/')) {
            match part {
                "" | "." => {}
                ".." => match parts.last() {
                    Some(&last) if last != ".." => {
                        parts.pop();
                    }
                    _ if parts.len() < self.names.len() => parts.push(".."),
                    _ => return None,
                },
                name => {
                    // Back into the site the way it came out: `../docs/x` from the site `docs`.
                    let ups = parts.len();
                    let all_up = ups > 0 && parts.iter().all(|p| *p == "..");
                    if all_up && self.names[self.names.len() - ups] == name {
                        parts.pop();
                    } else {
                        parts.push(name);
                    }
                }
            }
        }
        Some(parts.join("/"))
    }

    /// The absolute path of a site-relative path made by [`SiteRoot::join`].
    pub fn absolute(&self, rel: &str) -> PathBuf {
        let mut path = self.real.clone();
        for part in rel.split('/').filter(|p| !p.is_empty()) {
            if part == ".." {
                path.pop();
            } else {
                path.push(part);
            }
        }
        path
    }
}

/// The folder part of a `/`-separated path (`""` for a file at the top).
pub fn parent_dir(path: &str) -> &str {
    path.rfind('/').map_or("", |i| &path[..i])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_resolve_by_name_inside_and_outside_the_site() {
        let root = SiteRoot::new(Path::new("/home/me/project/docs"));
        let join = |dir: &str, path: &str| root.join(dir, path);
        assert_eq!(
            join("content/a", "img/x.png").as_deref(),
            Some("content/a/img/x.png")
        );
        assert_eq!(
            join("content/a", "../../static/x.png").as_deref(),
            Some("static/x.png")
        );
        assert_eq!(
            join("content/a", "./../b/./c.md").as_deref(),
            Some("content/b/c.md")
        );
        assert_eq!(
            join("content", "../../src/main.rs").as_deref(),
            Some("../src/main.rs")
        );
        assert_eq!(
            join("..", "docs/content/a.md").as_deref(),
            Some("content/a.md")
        );
        assert_eq!(join("..", "other/a.md").as_deref(), Some("../other/a.md"));
        assert_eq!(
            join("content", "../../../../x").as_deref(),
            Some("../../../x")
        );
        assert_eq!(
            join("content", "../../../../../x").as_deref(),
            Some("../../../../x")
        );
        assert_eq!(join("content", "../../../../../../x"), None);
        assert_eq!(
            root.absolute("../src/main.rs"),
            Path::new("/home/me/project/src/main.rs")
        );
        assert_eq!(parent_dir("content/a/x.md"), "content/a");
        assert_eq!(parent_dir("x.md"), "");
    }
}
