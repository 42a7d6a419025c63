//! Last-changed dates for a build: asked of git once per build, or — for `quire serve`, through
//! its cache — once per process and again only when the repository's `HEAD` moved (a commit,
//! checkout or reset), so rebuilds after an edit never wait for the history walk.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::history::{HeadStamp, LastChanged, git_dir, head_stamp, last_changed};
use crate::memo::lock;

/// The dates of the last walk and the repository state they are of.
#[derive(Default)]
pub struct DatesMemo(Mutex<Option<Remembered>>);

struct Remembered {
    /// The repository's git folder; `None` when the site is not in one.
    git_dir: Option<PathBuf>,
    stamp: Option<HeadStamp>,
    dates: Arc<LastChanged>,
}

impl DatesMemo {
    /// The dates of the files under `content_dir`, walked again only if `HEAD` moved.
    pub fn get(&self, content_dir: &Path) -> Arc<LastChanged> {
        let mut remembered = lock(&self.0);
        if let Some(last) = &*remembered {
            let stamp = last.git_dir.as_deref().map(head_stamp);
            if stamp == last.stamp {
                return Arc::clone(&last.dates);
            }
        }
        let git_dir = match &*remembered {
            Some(last) => last.git_dir.clone(),
            None => git_dir(content_dir),
        };
        // Stamped before the walk: a commit made during it is seen by the next build.
        let stamp = git_dir.as_deref().map(head_stamp);
        let dates = Arc::new(match git_dir {
            Some(_) => last_changed(content_dir),
            None => LastChanged::default(),
        });
        *remembered = Some(Remembered {
            git_dir,
            stamp,
            dates: Arc::clone(&dates),
        });
        dates
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::process::Command;

    fn commit(dir: &Path, date: &str) {
        for args in [&["add", "-A"][..], &["commit", "-qm", "edit"]] {
            let ok = Command::new("git")
                .args([
                    "-c",
                    "user.name=T",
                    "-c",
                    "user.email=t@t",
                    "-c",
                    "commit.gpgsign=false",
                ])
                .args(args)
                .current_dir(dir)
                .env("GIT_CONFIG_GLOBAL", "/dev/null")
                .env("GIT_CONFIG_NOSYSTEM", "1")
                .env("GIT_COMMITTER_DATE", date)
                .env("GIT_AUTHOR_DATE", date)
                .status()
                .is_ok_and(|s| s.success());
            assert!(ok, "git {args:?}");
        }
    }

    #[test]
    #[cfg_attr(not(has_git), ignore = "git not found: install git")]
    fn dates_are_walked_again_only_when_head_moves() {
        let dir = tempfile::tempdir().unwrap();
        let content = dir.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("a.md"), "one").unwrap();
        let init = Command::new("git")
            .args(["init", "-q"])
            .current_dir(dir.path())
            .status();
        assert!(init.is_ok_and(|s| s.success()));
        commit(dir.path(), "2024-01-01T00:00:00+00:00");
        let memo = DatesMemo::default();
        let first = memo.get(&content);
        assert_eq!(first.get("a.md").map(|d| d.day()), Some("2024-01-01"));
        // An edit without a commit: the dates of the last walk, not a new walk.
        std::fs::write(content.join("a.md"), "two").unwrap();
        assert!(Arc::ptr_eq(&first, &memo.get(&content)));
        commit(dir.path(), "2024-02-01T00:00:00+00:00");
        assert_eq!(
            memo.get(&content).get("a.md").map(|d| d.day()),
            Some("2024-02-01")
        );
    }

    #[test]
    fn outside_git_there_are_no_dates() {
        let dir = tempfile::tempdir().unwrap();
        let memo = DatesMemo::default();
        assert!(memo.get(dir.path()).is_empty());
        assert!(memo.get(dir.path()).is_empty(), "and none the second time");
    }
}
