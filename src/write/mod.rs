//! Writing: the built files in; the output folder (through `staging`) or memory (as they are, or
//! packed: `packed`) out. Which paths
//! may be written to and which folders replaced is decided here (`policy`) and nowhere else.

mod packed;
mod policy;
mod staging;

use std::path::{Component, Path};
use std::sync::{Arc, Mutex};

use crate::error::{Diagnostic, Error};
pub use packed::{Packed, PackedFile, PackedSink};
pub use policy::{MARKER, check_bundle_target, check_out_dir};
pub use staging::{Staging, remove_staging_on_signal};

/// One file of the built site.
#[derive(Debug, Clone)]
pub struct OutputFile {
    /// Path relative to the output folder, `/`-separated.
    pub path: String,
    /// Shared, so that a page kept between builds is not copied.
    pub bytes: Arc<[u8]>,
}

/// Where rendered files go as soon as they are ready; implementations are shared across threads.
pub trait OutputSink: Sync {
    fn put(&self, file: OutputFile) -> Result<(), Error>;

    /// A file kept packed between builds (`quire serve`'s pages): a sink that keeps files
    /// packed takes it as it is, any other unpacks it.
    fn put_packed(&self, file: PackedFile) -> Result<(), Error> {
        let bytes = file.bytes.unpack().into();
        self.put(OutputFile {
            path: file.path,
            bytes,
        })
    }
}

/// Hands every file to `sink`, in parallel; every failure is reported.
pub fn put_all(sink: &dyn OutputSink, files: Vec<OutputFile>) -> Result<(), Error> {
    use rayon::prelude::*;
    let results: Vec<Result<(), Error>> = files.into_par_iter().map(|f| sink.put(f)).collect();
    crate::error::collect_all(results).map(|_| ())
}

/// Keeps every file in memory (for `serve`, `check` and bundles).
#[derive(Default)]
pub struct MemorySink {
    files: Mutex<Vec<OutputFile>>,
}

impl MemorySink {
    /// The files, sorted by path; two files with one path are an error naming it.
    pub fn into_files(self) -> Result<Vec<OutputFile>, Error> {
        let files = self.files.into_inner().unwrap_or_else(|e| e.into_inner());
        sorted_without_collisions(files, |f| &f.path)
    }
}

/// `files` sorted by path; two files with one path are an error naming it.
fn sorted_without_collisions<F>(
    mut files: Vec<F>,
    path: impl Fn(&F) -> &str,
) -> Result<Vec<F>, Error> {
    files.sort_by(|a, b| path(a).cmp(path(b)));
    let duplicates: Vec<Diagnostic> = files
        .windows(2)
        .filter(|w| path(&w[0]) == path(&w[1]))
        .map(|w| collision(path(&w[0])))
        .collect();
    if duplicates.is_empty() {
        Ok(files)
    } else {
        Err(Error::Content(duplicates))
    }
}

impl OutputSink for MemorySink {
    fn put(&self, file: OutputFile) -> Result<(), Error> {
        check_path(&file.path)?;
        self.files
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(file);
        Ok(())
    }
}

pub(crate) fn collision(path: &str) -> Diagnostic {
    Diagnostic::error(format!("two outputs are written to `{path}`")).with_hint(
        "a file under static/ or content/ has the same path as a generated page; rename it",
    )
}

pub(crate) fn check_path(path: &str) -> Result<(), Error> {
    if is_safe_relative(path) {
        Ok(())
    } else {
        Err(Error::Usage(format!(
            "refusing to write `{path}`: it is not a path inside the output folder"
        )))
    }
}

/// A relative path made only of normal components: it cannot leave the output folder.
pub fn is_safe_relative(path: &str) -> bool {
    !path.is_empty()
        && Path::new(path)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write_site(out: &Path, files: Vec<OutputFile>) -> Result<(), Error> {
        let staging = Staging::new(out, false)?;
        for file in files {
            staging.put(file)?;
        }
        staging.commit()
    }

    fn file(path: &str, text: &str) -> OutputFile {
        OutputFile {
            path: path.into(),
            bytes: text.as_bytes().into(),
        }
    }

    #[test]
    fn replaces_the_previous_site_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(
            &out,
            vec![file("index.html", "one"), file("a/index.html", "a")],
        )
        .unwrap();
        write_site(&out, vec![file("index.html", "two")]).unwrap();
        assert_eq!(
            std::fs::read_to_string(out.join("index.html")).unwrap(),
            "two"
        );
        assert!(!out.join("a").exists());
        assert!(out.join(MARKER).is_file(), "every build marks its folder");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "temp folders must be cleaned up");
    }

    #[test]
    fn refuses_unsafe_paths_and_foreign_folders() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        assert!(write_site(&out, vec![file("../escape.html", "x")]).is_err());
        assert!(write_site(&out, vec![file("/abs.html", "x")]).is_err());
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("notes.txt"), "mine").unwrap();
        assert!(matches!(
            write_site(&out, vec![file("index.html", "x")]),
            Err(Error::Usage(_))
        ));
        assert_eq!(
            std::fs::read_to_string(out.join("notes.txt")).unwrap(),
            "mine"
        );
    }
}
