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
