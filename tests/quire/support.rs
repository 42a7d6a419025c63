//! Shared helpers: running the `quire` binary, fixture paths and throwaway sites.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// A folder under tests/fixtures.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// The result of one run of the binary.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(output: Output) -> Self {
        Run {
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
        }
    }
}

/// Runs `quire` with `args` in the current directory.
pub fn quire(args: &[&str]) -> Run {
    quire_in(Path::new(env!("CARGO_MANIFEST_DIR")), args)
}

/// Runs `quire` with `args` in `dir`.
pub fn quire_in(dir: &Path, args: &[&str]) -> Run {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .output()
        .expect("the quire binary runs")
        .into()
}

/// Builds `site` into a fresh temp folder; returns the folder (kept alive) and the run.
pub fn build(site: &Path, extra: &[&str]) -> (tempfile::TempDir, PathBuf, Run) {
    let out_parent = tempfile::tempdir().unwrap();
    let out = out_parent.path().join("public");
    let mut args = vec![
        "build",
        site.to_str().unwrap(),
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let run = quire(&args);
    (out_parent, out, run)
}

/// A throwaway site: `site.yaml` plus the given files (paths relative to the site root).
pub fn site(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut has_config = false;
    for (rel, text) in files {
        has_config |= *rel == "site.yaml";
        write(dir.path(), rel, text.as_bytes());
    }
    if !has_config {
        write(dir.path(), "site.yaml", b"title: Test site\n");
    }
    dir
}

pub fn write(root: &Path, rel: &str, bytes: &[u8]) {
    let path = root.join(rel);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
}

pub fn read(root: &Path, rel: &str) -> String {
    std::fs::read_to_string(root.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The `<main>…</main>` part of a page, for snapshots that ignore the shell.
pub fn main_part(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.rfind("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// Every file under `dir`, relative, sorted.
pub fn list_files(dir: &Path) -> Vec<String> {
    let mut files: Vec<String> = walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/")
        })
        .collect();
    files.sort();
    files
}
