//! Crash safety: a build killed with SIGKILL at any moment leaves the previous site complete and
//! byte for byte as it was (or, past the final swap, the complete new one); two builds of
//! different sites into one output folder at once leave one whole site, never a mix.

use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use super::LIMIT;
use crate::support::{list_files, write};

type Snapshot = Vec<(String, Vec<u8>)>;

fn snapshot(dir: &Path) -> Snapshot {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// A site of `pages` topic pages in five sections; `mark` goes into every page, so two marks
/// give two sites with the same files and different bytes.
fn generated_site(root: &Path, pages: usize, mark: &str) {
    write(
        root,
        "site.yaml",
        format!("title: Generated {mark}\n").as_bytes(),
    );
    write(
        root,
        "content/_index.md",
        format!("---\ntitle: Home {mark}\n---\nHi.\n").as_bytes(),
    );
    for s in 0..5 {
        write(
            root,
            &format!("content/s{s}/_index.md"),
            format!("---\ntitle: Section {s} {mark}\nweight: {s}\n---\n").as_bytes(),
        );
    }
    for p in 0..pages {
        let (s, next) = (p % 5, (p + 1) % pages);
        let body = format!(
            "---\ntitle: Topic {p} {mark}\nweight: {p}\nsummary: About topic {p}.\n---\n\
             ## Overview\n\nTopic {p} ({mark}) links to [the next one](../s{}/t{next}.md#details).\n\n\
             ```python\ndef topic_{p}():\n    return {p} * 2  # {mark}\n```\n\n## Details\n\n\
             {}\n\n| n | square |\n|---|---|\n| {p} | {} |\n",
            next % 5,
            "Words make the page long enough to take some rendering. ".repeat(20),
            p * p
        );
        write(root, &format!("content/s{s}/t{p}.md"), body.as_bytes());
    }
}

fn spawn_build(site: &Path, out: &Path) -> Child {
    Command::new(env!("CARGO_BIN_EXE_quire"))
        .args([
            "build",
            "-q",
            site.to_str().unwrap(),
            "--out",
            out.to_str().unwrap(),
        ])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the quire binary runs")
}

/// Waits for `child` under the suite's deadline; returns its exit code and stderr.
fn finish(mut child: Child) -> (i32, String) {
    let deadline = Instant::now() + LIMIT;
    while child.try_wait().unwrap().is_none() {
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("a build did not finish within {LIMIT:?}");
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
    (output.status.code().unwrap_or(-1), stderr)
}

/// Builds `site` into `out` and waits; returns how long it took.
fn build(site: &Path, out: &Path) -> Duration {
    let started = Instant::now();
    let (code, stderr) = finish(spawn_build(site, out));
    assert_eq!(code, 0, "{stderr}");
    started.elapsed()
}

#[test]
fn a_killed_build_leaves_the_previous_site_whole() {
    let work = tempfile::tempdir().unwrap();
    let (old_site, new_site) = (work.path().join("old"), work.path().join("new"));
    generated_site(&old_site, 300, "old");
    generated_site(&new_site, 300, "new");
    let out = work.path().join("out/public");
    let reference = work.path().join("reference/public");
    build(&new_site, &reference);
    let new = snapshot(&reference);
    let full = build(&old_site, &out);
    let old = snapshot(&out);
    assert!(old.len() > 300 && old.len() == new.len() && old != new);

    let mut delays: Vec<Duration> = [5, 20, 50, 100, 200, 400]
        .into_iter()
        .map(Duration::from_millis)
        .collect();
    // …and through the second half of a build, where the swap happens (after it, the process
    // still removes the old site it swapped out).
    delays.extend([40, 55, 70, 85, 100, 115, 130].map(|pct| full * pct / 100));
    let (mut kept_old, mut got_new) = (0, 0);
    for delay in delays {
        let mut child = spawn_build(&new_site, &out);
        std::thread::sleep(delay);
        child.kill().expect("SIGKILL the build"); // std sends SIGKILL on Unix
        let _ = child.wait();
        let now = snapshot(&out);
        if now == old {
            kept_old += 1;
        } else {
            assert!(
                now == new,
                "killed after {delay:?}: the output is a mix of two builds"
            );
            got_new += 1;
            // Put the old site back for the next round.
            build(&old_site, &out);
            assert!(snapshot(&out) == old);
        }
    }
    assert!(
        kept_old >= 2,
        "kills mid-build must leave the old site ({kept_old} did)"
    );
    eprintln!(
        "build {full:?}; killed builds: {kept_old} left the old site, {got_new} had swapped in the new one"
    );

    // The next build removes the staging folders the killed builds left (their processes are
    // gone), and they do not get in its way.
    build(&new_site, &out);
    assert!(snapshot(&out) == new, "a build after the kills is complete");
    assert_eq!(
        beside(&out),
        ["public"],
        "leftovers of ended builds are removed"
    );
}

/// The names in the output folder's parent folder.
fn beside(out: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(out.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[cfg(target_os = "linux")]
#[test]
fn ctrl_c_or_sigterm_mid_build_removes_the_staging_folder() {
    use rustix::process::{Pid, Signal, kill_process};
    let work = tempfile::tempdir().unwrap();
    let site = work.path().join("site");
    generated_site(&site, 300, "signal");
    let out = work.path().join("out/public");
    build(&site, &out);
    let old = snapshot(&out);
    for signal in [Signal::INT, Signal::TERM] {
        let child = spawn_build(&site, &out);
        let deadline = Instant::now() + LIMIT;
        // Signal it once it is writing: its staging folder exists.
        while !beside(&out).iter().any(|n| n.starts_with(".quire-tmp-")) {
            assert!(Instant::now() < deadline, "the build never started writing");
            std::thread::sleep(Duration::from_millis(2));
        }
        let pid = Pid::from_child(&child);
        kill_process(pid, signal).expect("signal the build");
        let (code, stderr) = finish(child);
        // It may have finished just before the signal came; then it swapped in a whole site.
        assert!(
            code == 130 || code == 0,
            "{signal:?}: exit {code}: {stderr}"
        );
        assert_eq!(
            beside(&out),
            ["public"],
            "{signal:?}: the staging folder is removed"
        );
        assert!(snapshot(&out) == old, "{signal:?}: the output is whole");
    }
}

#[test]
fn concurrent_builds_into_one_folder_leave_one_whole_site() {
    let work = tempfile::tempdir().unwrap();
    let (a_site, b_site) = (work.path().join("a"), work.path().join("b"));
    generated_site(&a_site, 150, "alpha");
    generated_site(&b_site, 150, "beta");
    let (a_ref, b_ref) = (work.path().join("ra/public"), work.path().join("rb/public"));
    build(&a_site, &a_ref);
    build(&b_site, &b_ref);
    let (a, b) = (snapshot(&a_ref), snapshot(&b_ref));
    assert!(a != b);
    for round in 0..4 {
        // Rounds 0 and 2 start with no output folder at all; the others replace one.
        let out = work.path().join(format!("shared{}/public", round / 2));
        let first = spawn_build(&a_site, &out);
        let second = spawn_build(&b_site, &out);
        let (code_a, err_a) = finish(first);
        let (code_b, err_b) = finish(second);
        assert_eq!((code_a, code_b), (0, 0), "round {round}:\n{err_a}\n{err_b}");
        let now = snapshot(&out);
        assert!(
            now == a || now == b,
            "round {round}: the output mixes the two sites"
        );
    }
}
