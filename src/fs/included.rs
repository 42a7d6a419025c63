//! Reading the files that includes name: inside the site folder, or inside the git work tree that
//! holds it (a project's `docs/` including `../src/main.rs`); never inside `.git`, never through a
//! symlink that leads out, and a path outside is refused before anything about it is looked up.

use std::io::Read;
use std::path::{Path, PathBuf};

use super::{SiteFs, decode, read};
use crate::error::Diagnostic;

/// A file an include read.
#[derive(Debug, Clone)]
pub struct IncludedFile {
    /// Its path with every symlink resolved (what changes when it is edited).
    pub real: PathBuf,
    pub text: String,
}

/// Why an included file was not read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refused {
    /// Nothing is there (or a symlink that leads nowhere).
    Missing,
    /// A folder, not a file.
    Folder,
    /// Outside the site folder and its git work tree (by its path, or where a symlink leads).
    Outside,
    /// Inside a `.git` folder: repository internals (and perhaps credentials), never shown.
    GitInternals,
    /// The operating system would not read it: why.
    Unreadable(String),
    /// Not UTF-8 text: the diagnostic points at the first bad byte.
    NotText(Box<Diagnostic>),
}

impl Refused {
    /// What to tell the author, and a hint.
    pub fn explain(&self, roots: &[&Path]) -> (String, String) {
        let places = match roots {
            [site] => format!("the site folder ({})", site.display()),
            [site, tree, ..] => format!(
                "the site folder ({}) and the git work tree around it ({})",
                site.display(),
                tree.display()
            ),
            [] => "the site folder".into(),
        };
        match self {
            Refused::Missing => (
                "no such file".into(),
                "include paths are relative to the file the directive is written in".into(),
            ),
            Refused::Folder => (
                "it is a folder, not a file".into(),
                "name a file inside it".into(),
            ),
            Refused::Outside => (
                format!("it is outside {places}, so it is not read"),
                "includes read only inside the site folder and its git work tree; copy the file in"
                    .into(),
            ),
            Refused::GitInternals => (
                "it is inside a `.git` folder, which is never read".into(),
                "include a file of the work tree instead".into(),
            ),
            Refused::Unreadable(why) => (
                format!("cannot read it: {why}"),
                "check its permissions".into(),
            ),
            Refused::NotText(d) => (d.message.clone(), "save the file as UTF-8".into()),
        }
    }
}

impl SiteFs {
    /// The folders includes may read: the site folder, then the git work tree around it if the
    /// site lives in one (both with symlinks resolved).
    pub fn include_roots(&self) -> Vec<&Path> {
        std::iter::once(self.real.as_path())
            .chain(self.work_tree.as_deref())
            .collect()
    }

    /// The text of the file at `path` (absolute, with no `.` or `..` left in it), if includes may
    /// read it. Only a path inside an include root is looked at; it is then read only if, with
    /// every symlink resolved, it is still inside one and not inside `.git`.
    pub fn read_included(&self, path: &Path) -> Result<IncludedFile, Refused> {
        let roots = self.include_roots();
        if !within(&roots, path) {
            return Err(Refused::Outside);
        }
        if path.symlink_metadata().is_err() {
            return Err(Refused::Missing);
        }
        let Ok(real) = path.canonicalize() else {
            return Err(Refused::Missing);
        };
        if !within(&roots, &real) {
            return Err(Refused::Outside);
        }
        if in_git_folder(&roots, path) || in_git_folder(&roots, &real) {
            return Err(Refused::GitInternals);
        }
        if real.is_dir() {
            return Err(Refused::Folder);
        }
        let bytes = read(&real).map_err(|d| Refused::Unreadable(d.message))?;
        let text = decode(path, bytes).map_err(|d| Refused::NotText(Box::new(d)))?;
        Ok(IncludedFile { real, text })
    }
}

/// Whether `path` is inside one of `roots`.
fn within(roots: &[&Path], path: &Path) -> bool {
    roots.iter().any(|root| path.starts_with(root))
}

/// Whether `path`, below the root that holds it, passes through a folder named `.git`.
fn in_git_folder(roots: &[&Path], path: &Path) -> bool {
    roots.iter().any(|root| {
        path.strip_prefix(root)
            .is_ok_and(|rest| rest.components().any(|c| c.as_os_str() == ".git"))
    })
}

/// The git work tree that holds `dir`: the nearest folder at or above it with a `.git` folder, or
/// a `.git` file that starts `gitdir:` (a linked work tree or a submodule).
pub(super) fn find_work_tree(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .find(|folder| is_git_marker(&folder.join(".git")))
        .map(Path::to_path_buf)
}

fn is_git_marker(path: &Path) -> bool {
    match path.symlink_metadata() {
        Ok(meta) if meta.is_dir() => true,
        Ok(meta) if meta.is_file() => {
            let mut start = [0u8; 7];
            std::fs::File::open(path)
                .and_then(|mut file| file.read_exact(&mut start))
                .is_ok_and(|()| &start == b"gitdir:")
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tree(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        for (rel, text) in files {
            let path = dir.path().join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    #[test]
    fn the_work_tree_around_the_site_is_readable_and_nothing_else() {
        let outside = tree(&[("secret.rs", "SECRET")]);
        let dir = tree(&[
            ("project/.git/config", "[remote] url = https://token@host"),
            ("project/src/main.rs", "fn main() {}\n"),
            ("project/docs/site.yaml", "title: T\n"),
        ]);
        let root = dir.path().canonicalize().unwrap();
        let fs = SiteFs::open(&root.join("project/docs")).unwrap();
        assert_eq!(fs.include_roots().len(), 2);
        let main = fs.read_included(&root.join("project/src/main.rs")).unwrap();
        assert_eq!(main.text, "fn main() {}\n");
        let refused = |path: &Path| fs.read_included(path).unwrap_err();
        assert_eq!(
            refused(&root.join("project/.git/config")),
            Refused::GitInternals
        );
        assert_eq!(refused(&root.join("project/src")), Refused::Folder);
        assert_eq!(refused(&root.join("project/nothing.rs")), Refused::Missing);
        let secret = outside.path().canonicalize().unwrap().join("secret.rs");
        assert_eq!(refused(&secret), Refused::Outside);
        #[cfg(unix)]
        {
            std::os::unix::fs::symlink(&secret, root.join("project/src/leak.rs")).unwrap();
            assert_eq!(refused(&root.join("project/src/leak.rs")), Refused::Outside);
        }
    }

    #[test]
    fn a_gitdir_file_marks_a_work_tree_and_a_site_alone_has_one_root() {
        let dir = tree(&[
            ("linked/.git", "gitdir: /elsewhere/.git/worktrees/linked\n"),
            ("linked/docs/site.yaml", "title: T\n"),
            ("plain/.git", "not a marker"),
            ("plain/docs/site.yaml", "title: T\n"),
        ]);
        let root = dir.path().canonicalize().unwrap();
        assert_eq!(
            find_work_tree(&root.join("linked/docs")),
            Some(root.join("linked"))
        );
        let fs = SiteFs::open(&root.join("plain/docs")).unwrap();
        // Whatever holds the temp folder, `plain` is not a work tree.
        assert!(fs.include_roots().iter().all(|r| *r != root.join("plain")));
    }
}
