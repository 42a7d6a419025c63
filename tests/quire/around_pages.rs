//! Around the pages (issue 15) in built output: tag pages and their collisions, aliases (their
//! pages, their absence from the sitemap, their collisions named at the alias), link-preview
//! meta, the Markdown copies and `llms.txt`, hosted and offline, and a site without the copies.

use crate::support::{build, list_files, read, site};

const HOME: (&str, &str) = ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n");

#[test]
fn tags_get_pages_that_link_back_relative_to_where_they_are() {
    let site = site(&[
        HOME,
        ("content/s/_index.md", "---\ntitle: Section\n---\n"),
        (
            "content/s/a.md",
            "---\ntitle: A\nsummary: About a.\ntags: [Memory Model, gc]\n---\n",
        ),
        (
            "content/s/b.md",
            "---\ntitle: B\ntags: [memory model]\n---\n",
        ),
    ]);
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&out, "s/a/index.html");
    assert!(
        page.contains(r#"<a class="tag" href="../../tags/memory-model/">Memory Model</a>"#),
        "{page}"
    );
    let tag = read(&out, "tags/memory-model/index.html");
    assert!(tag.contains(r#"<a href="../../s/a/">A</a>"#), "{tag}");
    assert!(tag.contains(r#"in <a href="../../s/">Section</a>"#));
    assert!(tag.contains("<p>About a.</p>"));
    let all = read(&out, "tags/index.html");
    assert!(
        all.contains(r#"<a class="tag" href="memory-model/">Memory Model</a> <span class="tag-count">2 pages</span>"#),
        "two spellings, one tag: {all}"
    );
    assert!(read(&out, "index.html").contains(r#"<a href="tags/">Tags</a>"#));

    let (_keep, out, run) = build(site.path(), &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&out, "s/a/index.html").contains(r#"href="../../tags/gc/index.html""#));
}

#[test]
fn a_section_at_tags_collides_only_when_there_are_tags() {
    let files = [
        HOME,
        ("content/tags/_index.md", "---\ntitle: Our tags\n---\n"),
        ("content/tags/list.md", "---\ntitle: List\n---\n"),
    ];
    let (_keep, _out, run) = build(site(&files).path(), &[]);
    assert_eq!(run.code, 0, "no tags, no tag pages: {}", run.stderr);

    let mut tagged = files.to_vec();
    tagged.push(("content/p.md", "---\ntitle: P\ntags: [list]\n---\n"));
    let (_keep, _out, run) = build(site(&tagged).path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("this page would be written to `tags/index.html`")
            && run.stderr.contains("content/tags/_index.md"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("`tags/list/index.html`")
            && run.stderr.contains("content/tags/list.md"),
        "{}",
        run.stderr
    );
}

#[test]
fn aliases_lead_on_and_stay_out_of_the_sitemap() {
    let site = site(&[
        (
            "site.yaml",
            "title: T\nbase_url: https://example.org/docs/\n",
        ),
        HOME,
        (
            "content/guide/_index.md",
            "---\ntitle: Guide\naliases: [/manual/]\n---\n",
        ),
        (
            "content/guide/start.md",
            "---\ntitle: Start\naliases: [\"/old/start/\", \"/start.html\"]\n---\n",
        ),
    ]);
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let old = read(&out, "old/start/index.html");
    assert!(old.contains(r#"<meta http-equiv="refresh" content="0; url=../../guide/start/">"#));
    assert!(old.contains(r#"<link rel="canonical" href="https://example.org/docs/guide/start/">"#));
    assert!(old.contains(r#"<a href="../../guide/start/">Start</a>"#));
    assert!(read(&out, "start.html").contains("url=guide/start/"));
    assert!(read(&out, "manual/index.html").contains("url=../guide/"));
    let sitemap = read(&out, "sitemap.xml");
    assert!(
        !sitemap.contains("old/") && !sitemap.contains("start.html") && !sitemap.contains("manual")
    );

    let (_keep, out, run) = build(site.path(), &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let old = read(&out, "old/start/index.html");
    assert!(old.contains("url=../../guide/start/index.html"), "{old}");
    assert!(old.contains(r#"<link rel="canonical" href="../../guide/start/index.html">"#));
}

#[test]
fn an_alias_on_a_page_a_file_or_another_alias_names_both() {
    let site = site(&[
        HOME,
        ("content/real.md", "---\ntitle: Real\n---\n"),
        (
            "content/a.md",
            "---\ntitle: A\naliases:\n  - /real/\n  - /logo.html\n  - /shared/\n---\n",
        ),
        ("content/b.md", "---\ntitle: B\naliases: [/shared]\n---\n"),
        ("static/logo.html", "<p>logo</p>"),
    ]);
    let (_keep, _out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let err = &run.stderr;
    for (message, at) in [
        (
            "the alias `/real/` would be written to `real/index.html`, where the page of",
            "content/a.md:4:5",
        ),
        (
            "the alias `/logo.html` would be written to `logo.html`, where the file",
            "content/a.md:5:5",
        ),
        (
            "the alias `/shared` would be written to `shared/index.html`, where the alias `/shared/` of",
            "content/b.md:3:11",
        ),
    ] {
        assert!(err.contains(message), "{message}\n{err}");
        assert!(err.contains(at), "{at}\n{err}");
    }
    assert!(
        err.contains("content/real.md") && err.contains("static/logo.html"),
        "{err}"
    );
}

#[test]
fn pages_carry_link_previews_and_markdown_copies() {
    let site = site(&[
        (
            "site.yaml",
            "title: Docs\ndescription: All of it.\nbase_url: https://example.org/\nimage: social.png\n",
        ),
        HOME,
        (
            "content/s/_index.md",
            "---\ntitle: S\ndescription: A section.\n---\n",
        ),
        (
            "content/s/a.md",
            "---\ntitle: A\nsummary: About a.\n---\nSee [b](b.md#part) and [out](https://e.org/).\n",
        ),
        ("content/s/b.md", "---\ntitle: B\n---\n## Part\n"),
        ("static/social.png", "png"),
    ]);
    let (_keep, out, run) = build(site.path(), &[]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = read(&out, "s/a/index.html");
    for meta in [
        r#"<meta property="og:type" content="article">"#,
        r#"<meta property="og:title" content="A · Docs">"#,
        r#"<meta property="og:description" content="About a.">"#,
        r#"<meta property="og:url" content="https://example.org/s/a/">"#,
        r#"<meta property="og:image" content="https://example.org/social.png">"#,
        r#"<meta name="twitter:card" content="summary_large_image">"#,
        r#"<link rel="alternate" type="text/markdown" href="index.html.md">"#,
    ] {
        assert!(page.contains(meta), "{meta}");
    }
    // X (Twitter) reads the title, description and image from og:*; only the card kind is its own.
    assert_eq!(page.matches("twitter:").count(), 1, "{page}");
    assert_eq!(
        read(&out, "s/a/index.html.md"),
        "# A\n\n> About a.\n\nSee [b](https://example.org/s/b/#part) and [out](https://e.org/).\n"
    );
    let llms = read(&out, "llms.txt");
    assert!(
        llms.starts_with("# Docs\n\n> All of it.\n\n- [Home](https://example.org/index.html.md)\n")
    );
    assert!(llms.contains("## S\n\n- [S](https://example.org/s/index.html.md): A section.\n- [A](https://example.org/s/a/index.html.md): About a.\n"), "{llms}");
    let full = read(&out, "llms-full.txt");
    let order: Vec<usize> = ["# Home", "# S", "# A", "# B"]
        .iter()
        .map(|h| full.find(&format!("{h}\n\nSource: ")).unwrap())
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "reading order: {full}"
    );

    let (_keep, out, run) = build(site.path(), &["--offline"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let files = list_files(&out);
    for expected in [
        "llms.txt",
        "llms-full.txt",
        "s/a/index.html.md",
        "s/a/index.html.md.js",
    ] {
        assert!(files.contains(&expected.to_string()), "{expected}");
    }
    assert!(read(&out, "s/a/index.html.md").contains("[b](../b/index.html#part)"));
    assert!(read(&out, "llms.txt").contains("- [A](s/a/index.html.md): About a."));
}

#[test]
fn markdown_copies_false_leaves_them_out_and_llms_txt_links_the_pages() {
    let pages = [
        HOME,
        ("content/s/_index.md", "---\ntitle: S\n---\n"),
        (
            "content/s/a.md",
            "---\ntitle: A\nsummary: About a.\n---\nSee [b](b.md).\n",
        ),
        ("content/s/b.md", "---\ntitle: B\n---\nBody.\n"),
    ];
    for (config, extra, home, a) in [
        (
            "base_url: https://example.org/docs/\n",
            &[][..],
            "https://example.org/docs/",
            "https://example.org/docs/s/a/",
        ),
        ("", &[][..], "./", "s/a/"),
        ("", &["--offline"][..], "index.html", "s/a/index.html"),
    ] {
        let yaml = format!("title: Docs\nmarkdown_copies: false\n{config}");
        let mut files = vec![("site.yaml", yaml.as_str())];
        files.extend(pages);
        let site = site(&files);
        let (_keep, out, run) = build(site.path(), extra);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let files = list_files(&out);
        assert!(
            !files.iter().any(|f| f.contains(".md")),
            "no Markdown copies: {files:?}"
        );
        let page = read(&out, "s/a/index.html");
        assert!(!page.contains("text/markdown"), "{page}");
        assert!(!page.contains("copy-markdown"), "no copy button: {page}");
        let llms = read(&out, "llms.txt");
        assert!(llms.contains(&format!("- [Home]({home})\n")), "{llms}");
        assert!(llms.contains(&format!("- [A]({a}): About a.\n")), "{llms}");
        assert!(read(&out, "llms-full.txt").contains("# A\n"));
    }
}
