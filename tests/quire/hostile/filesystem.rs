//! The file system: symlinks that lead out of the site, output folders that would swallow the
//! site or a user's file, and files that would overwrite generated pages. quire reads only
//! inside the site folder and writes only inside the output folder.

use std::path::Path;

use super::{HOME, LIMIT, assert_diagnostic, assert_located_with_hints, failing, failing_site};
use crate::support::{quire_within, site, write};

/// Every file under `dir` with its bytes, for "nothing changed" checks.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    crate::support::list_files(dir)
        .into_iter()
        .map(|f| {
            let bytes = std::fs::read(dir.join(&f)).unwrap_or_default();
            (f, bytes)
        })
        .collect()
}

#[cfg(unix)]
#[test]
fn symlinks_out_of_the_site_are_refused_and_never_read() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    let secret = outside.path().join("secret.md");
    std::fs::write(&secret, "---\ntitle: SECRET-TITLE\n---\nSECRET-BODY\n").unwrap();
    std::fs::write(outside.path().join("page.html"), "SECRET-TEMPLATE").unwrap();
    let cases: Vec<(&str, &Path, &str)> = vec![
        ("content/leak.md", &secret, "content/leak.md"),
        ("content/linked", outside.path(), "content/linked"),
        (
            "content/gone.md",
            Path::new("/nonexistent/quire"),
            "content/gone.md",
        ),
        ("static/leak.txt", &secret, "static/leak.txt"),
        ("static", outside.path(), "static"),
        ("templates", outside.path(), "templates"),
        ("templates/page.html", &secret, "templates/page.html"),
        ("site.yaml", &secret, "site.yaml"),
    ];
    for (link, target, shown) in cases {
        let dir = site(&[HOME]);
        let path = dir.path().join(link);
        if link == "site.yaml" {
            std::fs::remove_file(&path).unwrap();
        }
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        symlink(target, &path).unwrap();
        let stderr = failing_site(&dir);
        assert_located_with_hints(&stderr);
        assert_diagnostic(&stderr, &["symlink points outside", shown]);
        assert!(
            !stderr.contains("SECRET"),
            "{link}: the target was read:\n{stderr}"
        );
    }

    // A whole content folder linked from elsewhere is outside the site too.
    let dir = site(&[]);
    symlink(outside.path(), dir.path().join("content")).unwrap();
    assert_diagnostic(&failing_site(&dir), &["symlink points outside", "content"]);

    // Links that stay inside the site are fine.
    let dir = site(&[HOME, ("notes/shared.md", "---\ntitle: Shared\n---\n")]);
    symlink(
        dir.path().join("notes/shared.md"),
        dir.path().join("content/shared.md"),
    )
    .unwrap();
    let (_keep, out, run) = super::build_within(dir.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(out.join("shared/index.html").is_file());
}

#[cfg(unix)]
#[test]
fn symlink_loops_end_in_an_error() {
    use std::os::unix::fs::symlink;
    let dir = site(&[HOME]);
    symlink("loop.md", dir.path().join("content/loop.md")).unwrap();
    let stderr = failing_site(&dir);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["content/loop.md"]);
    let dir = site(&[HOME, ("static/a.css", "a {}")]);
    symlink(".", dir.path().join("static/up")).unwrap();
    let stderr = failing_site(&dir);
    assert_located_with_hints(&stderr);
    assert_diagnostic(&stderr, &["symlink loop", "static/up"]);
}

#[test]
fn output_folders_that_would_swallow_sources_are_refused() {
    // The site sits in a folder of its own, so "the parent of the site" is a throwaway too.
    let outer = tempfile::tempdir().unwrap();
    let root = &outer.path().join("site");
    for (rel, text) in [HOME, ("site.yaml", "title: T\n"), ("notes.txt", "mine")] {
        write(root, rel, text.as_bytes());
    }
    let before = snapshot(root);
    let site_arg = root.to_str().unwrap();
    let parent = root.parent().unwrap().to_str().unwrap().to_string();
    let outs = [
        (site_arg.to_string(), "contains the site itself"),
        (parent, "contains the site itself"),
        (
            format!("{site_arg}/content"),
            "inside the site's content/ folder",
        ),
        (
            format!("{site_arg}/content/public"),
            "inside the site's content/ folder",
        ),
        (
            format!("{site_arg}/static/new/out"),
            "inside the site's static/ folder",
        ),
        (
            format!("{site_arg}/templates"),
            "inside the site's templates/ folder",
        ),
        (
            format!("{site_arg}/notes.txt"),
            "it is a file, not a folder",
        ),
        (
            format!("{site_arg}/site.yaml"),
            "it is a file, not a folder",
        ),
        (
            format!("{site_arg}/content/./../."),
            "contains the site itself",
        ),
    ];
    for (out, message) in outs {
        let run = quire_within(root, &["build", site_arg, "--out", &out], LIMIT);
        assert_eq!(run.code, 2, "--out {out}: {}", run.stderr);
        assert!(run.stderr.contains(message), "--out {out}: {}", run.stderr);
        assert_eq!(snapshot(root), before, "--out {out} changed the site");
    }
    // A folder that is neither empty nor a previous build is not replaced either.
    let foreign = tempfile::tempdir().unwrap();
    write(foreign.path(), "mine/precious.txt", b"keep");
    let out = foreign.path().to_str().unwrap();
    let run = quire_within(root, &["build", site_arg, "--out", out], LIMIT);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(foreign.path().join("mine/precious.txt").is_file());
}

#[cfg(unix)]
#[test]
fn an_output_link_to_the_site_is_seen_through() {
    let dir = site(&[HOME]);
    let links = tempfile::tempdir().unwrap();
    let link = links.path().join("public");
    std::os::unix::fs::symlink(dir.path(), &link).unwrap();
    let site_arg = dir.path().to_str().unwrap();
    let run = quire_within(
        dir.path(),
        &["build", site_arg, "--out", link.to_str().unwrap()],
        LIMIT,
    );
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("contains the site itself"),
        "{}",
        run.stderr
    );
    assert!(dir.path().join("site.yaml").is_file());
}

#[test]
fn files_that_would_overwrite_generated_ones_are_refused() {
    let stderr = failing(&[
        HOME,
        ("content/a.md", "---\ntitle: A\n---\n"),
        ("content/a/index.html", "<p>mine</p>"),
        ("static/404.html", "mine"),
        ("static/print.html", "mine"),
        ("content/index.html", "mine"),
    ]);
    for (path, source) in [
        ("a/index.html", "content/a/index.html"),
        ("404.html", "static/404.html"),
        ("print.html", "static/print.html"),
        ("index.html", "content/index.html"),
    ] {
        assert_diagnostic(
            &stderr,
            &[
                &format!("`{path}` would overwrite a generated file"),
                source,
                "hint: ",
            ],
        );
    }
}

#[cfg(unix)]
#[test]
fn a_content_folder_linked_out_of_the_site_is_never_walked() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "_index.md",
        b"---\ntitle: OUTSIDE-HOME\n---\n",
    );
    write(
        outside.path(),
        "leak.md",
        b"---\ntitel: OUTSIDE-LINE\n---\n",
    );
    for target in [outside.path(), Path::new("/")] {
        let dir = site(&[]);
        symlink(target, dir.path().join("content")).unwrap();
        let stderr = failing_site(&dir);
        assert!(!stderr.contains("OUTSIDE"), "{stderr}");
        assert_diagnostic(&stderr, &["symlink points outside the site", "content"]);
        assert_eq!(super::diagnostics(&stderr).len(), 1, "{stderr}");
    }
}

#[test]
fn a_folder_quire_did_not_write_is_only_replaced_with_force() {
    let dir = site(&[HOME]);
    let site_arg = dir.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    let hand_made = out.path().join("site");
    write(&hand_made, "index.html", b"<p>my own site</p>");
    write(&hand_made, "notes.txt", b"keep");
    write(&hand_made, ".git/HEAD", b"ref: refs/heads/main\n");
    let before = snapshot(&hand_made);
    let out_arg = hand_made.to_str().unwrap();
    let run = quire_within(dir.path(), &["build", site_arg, "--out", out_arg], LIMIT);
    assert_eq!(run.code, 2, "{}", run.stderr);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert_eq!(snapshot(&hand_made), before, "the folder is untouched");
    let run = quire_within(
        dir.path(),
        &["build", site_arg, "--out", out_arg, "--force"],
        LIMIT,
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!hand_made.join("notes.txt").exists());
    assert!(
        hand_made.join(".quire-output").is_file(),
        "the build leaves its marker"
    );
    // Its own output, with the marker, is replaced without being told.
    let run = quire_within(dir.path(), &["build", site_arg, "--out", out_arg], LIMIT);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn the_current_folder_can_be_the_output() {
    let dir = site(&[HOME, ("content/a.md", "---\ntitle: A\n---\n")]);
    let site_arg = dir.path().to_str().unwrap();
    let out = tempfile::tempdir().unwrap();
    for round in 0..2 {
        let run = quire_within(out.path(), &["build", site_arg, "--out", "."], LIMIT);
        assert_eq!(run.code, 0, "round {round}: {}", run.stderr);
        assert!(out.path().join("a/index.html").is_file());
    }
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with(".quire-tmp") || n.starts_with(".quire-old")),
        "{names:?}"
    );
}

#[test]
fn a_bundle_never_overwrites_a_source() {
    let dir = site(&[HOME]);
    let before = snapshot(dir.path());
    for target in [
        "content/_index.md",
        "site.yaml",
        "static/guide.zip",
        "content",
    ] {
        let run = quire_within(dir.path(), &["bundle", ".", "-o", target], LIMIT);
        assert_eq!(run.code, 2, "-o {target}: {}", run.stderr);
        assert!(
            run.stderr.contains("refusing to write the bundle"),
            "{}",
            run.stderr
        );
    }
    assert_eq!(snapshot(dir.path()), before);
}

#[test]
fn a_missing_site_folder_is_a_usage_error_in_every_command() {
    let dir = tempfile::tempdir().unwrap();
    for command in ["build", "check", "bundle", "serve"] {
        let run = quire_within(dir.path(), &[command, "/nonexistent/quire-site"], LIMIT);
        assert_eq!(run.code, 2, "{command}: {}", run.stderr);
    }
}
