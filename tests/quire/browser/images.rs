//! Files beside pages (issue 13): the fixture's images — one beside a page, one in `static/`
//! named from the site's root, one in raw HTML with a `srcset`, from another section — load
//! hosted at the root and under a sub-path, from `file://`, on the print page and in the
//! single-file bundle (there as data URIs). A missing image would also fail every test through
//! the harness's failed-request check.

use serde::Deserialize;

use super::site::{file_url, run_quire};
use super::{Mode, Outcome, Session, fixture_dir, fixture_site, run};

/// One content image once loading settled.
#[derive(Debug, Deserialize)]
struct Image {
    src: String,
    loaded: bool,
}

/// Every image but the site's logo, after each has loaded or failed.
const IMAGES: &str = "(async () => {
    const images = [...document.querySelectorAll('img:not(.site-logo)')];
    await Promise.all(images.map(i => i.complete ? null
        : new Promise(done => { i.addEventListener('load', done); i.addEventListener('error', done); })));
    return images.map(i => ({ src: i.currentSrc || i.src, loaded: i.complete && i.naturalWidth > 0 }));
})()";

/// The pages with images, and how many each shows.
const PAGES: [(&str, usize); 2] = [("basics/first-steps", 2), ("advanced/worker-pools", 1)];

fn loaded_images(s: &Session, url: &str, expected: usize) -> Outcome<Vec<Image>> {
    s.goto(url)?;
    let images: Vec<Image> = s.eval_json_async(IMAGES)?;
    check!(
        images.len() == expected,
        "{url} should show {expected} images: {images:?}"
    );
    check!(
        images.iter().all(|i| i.loaded),
        "every image of {url} should load: {images:?}"
    );
    Ok(images)
}

fn images_load_in(mode: Mode, s: &Session) -> Outcome {
    let site = fixture_site(mode);
    for (key, expected) in PAGES {
        loaded_images(s, &site.page(key), expected)?;
    }
    let total = PAGES.iter().map(|(_, n)| n).sum();
    loaded_images(s, &site.url("print.html"), total)?;
    Ok(())
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn images_load_hosted() {
    run("images_load_hosted", |s| images_load_in(Mode::Http, s));
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn images_load_hosted_under_a_sub_path() {
    run("images_load_hosted_under_a_sub_path", |s| {
        images_load_in(Mode::HttpSubPath, s)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn images_load_offline_from_file_urls() {
    run("images_load_offline_from_file_urls", |s| {
        images_load_in(Mode::File, s)
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn images_are_inside_the_single_file() {
    run("images_are_inside_the_single_file", |s| {
        let dir = tempfile::tempdir().map_err(|e| e.to_string())?;
        let page = dir.path().join("guide.html");
        run_quire(&[
            "bundle",
            &fixture_dir().to_string_lossy(),
            "--single-file",
            "-o",
            &page.to_string_lossy(),
        ])?;
        let total = PAGES.iter().map(|(_, n)| n).sum();
        let url = format!("{}guide.html", file_url(dir.path()));
        let images = loaded_images(s, &url, total)?;
        check!(
            images.iter().all(|i| i.src.starts_with("data:image/")),
            "the single file's images should be data URIs: {images:?}"
        );
        Ok(())
    });
}
