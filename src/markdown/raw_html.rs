//! Raw HTML in a body: its start tags' attributes read (to find ids and images without alt
//! text) and rewritten (to prefix ids on the print page), without touching anything else.

use std::borrow::Cow;
use std::ops::Range;

/// One attribute of a start tag, as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Attribute<'a> {
    /// Tag and attribute names, lowercased.
    pub tag: String,
    pub name: String,
    /// The value as written, between its quotes (entities not decoded); `None` without a value.
    pub value: Option<&'a str>,
    /// Where the value stands in the HTML (inside the quotes).
    pub value_range: Range<usize>,
    /// Where the tag starts (its `<`).
    pub tag_start: usize,
}

/// Every attribute of every start tag in `html`, in order. Comments are skipped.
pub(super) fn attributes(html: &str) -> Vec<Attribute<'_>> {
    let mut found = Vec::new();
    for_each_tag(html, |tag_start, tag, attrs| {
        for (name, value) in attrs {
            found.push(Attribute {
                tag: tag.to_string(),
                name: name.clone(),
                value: value.clone().map(|r| &html[r]),
                value_range: value.clone().unwrap_or(0..0),
                tag_start,
            });
        }
    });
    found
}

/// Start tags named `tag` (lowercase) that lack attribute `name`: the offsets of their `<`.
pub(super) fn tags_without(html: &str, tag: &str, name: &str) -> Vec<usize> {
    let mut found = Vec::new();
    for_each_tag(html, |start, this, attrs| {
        if this == tag && !attrs.iter().any(|(n, _)| n == name) {
            found.push(start);
        }
    });
    found
}

/// `html` with the values of attributes replaced where `replace` returns a new value (which is
/// written escaped, inside the value's own quotes); borrowed when nothing changes.
pub(super) fn rewrite_attributes<'a>(
    html: &'a str,
    mut replace: impl FnMut(&Attribute<'_>) -> Option<String>,
) -> Cow<'a, str> {
    let mut out = String::new();
    let mut done = 0;
    for attribute in attributes(html) {
        let Some(new_value) = replace(&attribute) else {
            continue;
        };
        let range = attribute.value_range.clone();
        out.push_str(&html[done..range.start]);
        let quote = html[..range.start].chars().next_back();
        for c in new_value.chars() {
            match c {
                '&' => out.push_str("&amp;"),
                '"' if quote == Some('"') => out.push_str("&quot;"),
                '\'' if quote == Some('\'') => out.push_str("&#39;"),
                c => out.push(c),
            }
        }
        done = range.end;
    }
    if done == 0 {
        return Cow::Borrowed(html);
    }
    out.push_str(&html[done..]);
    Cow::Owned(out)
}

/// Elements whose content the HTML parser reads as text up to their end tag: left open, they
/// swallow everything after them.
const RAW_TEXT_ELEMENTS: [&str; 8] = [
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes",
];

/// Follows a body's raw HTML fragments, in order, for a comment or raw-text element opened and
/// never closed.
#[derive(Debug, Default)]
pub(super) struct OpenRawText {
    /// What is open: its end (`-->`, `</script>`) and where it was opened.
    open: Option<(&'static str, usize)>,
}

/// A comment or element left open at the end of a body.
pub(super) struct LeftOpen {
    pub offset: usize,
    pub closer: String,
    pub what: String,
}

impl OpenRawText {
    /// Takes in the next raw HTML fragment, which starts at `offset` in the body.
    pub(super) fn feed(&mut self, html: &str, offset: usize) {
        let lower = html.to_ascii_lowercase();
        let mut at = 0;
        loop {
            if let Some((closer, _)) = self.open {
                let end = if closer == "-->" {
                    "-->"
                } else {
                    closer.trim_end_matches('>')
                };
                match lower[at..].find(end) {
                    Some(found) => {
                        at += found + end.len();
                        self.open = None;
                    }
                    None => return,
                }
            }
            let next = std::iter::once(("<!--", "-->"))
                .chain(RAW_TEXT_ELEMENTS.iter().map(|tag| (*tag, *tag)))
                .filter_map(|(opener, closer)| {
                    let found = find_opener(&lower[at..], opener)?;
                    Some((found, opener, closer))
                })
                .min_by_key(|(found, _, _)| *found);
            let Some((found, opener, closer)) = next else {
                return;
            };
            let start = at + found;
            at = start
                + if opener == "<!--" {
                    4
                } else {
                    1 + opener.len()
                };
            self.open = Some((closer_for(closer), offset + start));
        }
    }

    /// What was left open, if anything.
    pub(super) fn finish(self) -> Option<LeftOpen> {
        let (closer, offset) = self.open?;
        Some(if closer == "-->" {
            LeftOpen {
                offset,
                closer: "-->".into(),
                what: "this HTML comment".into(),
            }
        } else {
            LeftOpen {
                offset,
                closer: closer.into(),
                what: format!("this `{}` element", closer.replace('/', "")),
            }
        })
    }
}

/// The end tag of a raw-text element (`</script>`), or `-->` for a comment.
fn closer_for(name: &str) -> &'static str {
    match name {
        "-->" => "-->",
        "script" => "</script>",
        "style" => "</style>",
        "textarea" => "</textarea>",
        "title" => "</title>",
        "xmp" => "</xmp>",
        "iframe" => "</iframe>",
        "noembed" => "</noembed>",
        _ => "</noframes>",
    }
}

/// Where `<!--`, or a start tag `<name` followed by a space, `>` or `/`, is in lowercase `html`.
fn find_opener(html: &str, opener: &str) -> Option<usize> {
    if opener == "<!--" {
        return html.find("<!--");
    }
    let pattern = format!("<{opener}");
    let mut from = 0;
    while let Some(found) = html[from..].find(&pattern) {
        let at = from + found;
        let after = html.as_bytes().get(at + pattern.len());
        if after.is_none_or(|b| b.is_ascii_whitespace() || *b == b'>' || *b == b'/') {
            return Some(at);
        }
        from = at + 1;
    }
    None
}

type Attrs = Vec<(String, Option<Range<usize>>)>;

/// Calls `visit(tag start, tag name, attributes)` for each start tag of `html`.
fn for_each_tag(html: &str, mut visit: impl FnMut(usize, &str, &Attrs)) {
    let bytes = html.as_bytes();
    let mut i = 0;
    while let Some(lt) = html[i..].find('<').map(|at| i + at) {
        if html[lt..].starts_with("<!--") {
            i = html[lt + 4..]
                .find("-->")
                .map_or(html.len(), |end| lt + 4 + end + 3);
            continue;
        }
        let name_end = scan(bytes, lt + 1, |b| b.is_ascii_alphanumeric() || b == b'-');
        if name_end == lt + 1 || !bytes[lt + 1].is_ascii_alphabetic() {
            i = lt + 1;
            continue;
        }
        let tag = html[lt + 1..name_end].to_ascii_lowercase();
        let mut attrs: Attrs = Vec::new();
        let mut at = name_end;
        loop {
            at = scan(bytes, at, |b| b.is_ascii_whitespace() || b == b'/');
            if at >= bytes.len() || bytes[at] == b'>' {
                break;
            }
            let name_end = scan(bytes, at, |b| {
                !(b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/')
            });
            let name = html[at..name_end].to_ascii_lowercase();
            at = scan(bytes, name_end, |b| b.is_ascii_whitespace());
            if bytes.get(at) != Some(&b'=') {
                attrs.push((name, None));
                continue;
            }
            at = scan(bytes, at + 1, |b| b.is_ascii_whitespace());
            let value = match bytes.get(at) {
                Some(&quote @ (b'"' | b'\'')) => {
                    let end = html[at + 1..]
                        .find(char::from(quote))
                        .map_or(html.len(), |e| at + 1 + e);
                    let range = at + 1..end;
                    at = (end + 1).min(html.len());
                    range
                }
                _ => {
                    let end = scan(bytes, at, |b| !(b.is_ascii_whitespace() || b == b'>'));
                    let range = at..end;
                    at = end;
                    range
                }
            };
            attrs.push((name, Some(value)));
        }
        visit(lt, &tag, &attrs);
        i = (at + 1).min(html.len()).max(lt + 1);
    }
}

/// The first index from `at` whose byte does not satisfy `keep`.
fn scan(bytes: &[u8], mut at: usize, keep: impl Fn(u8) -> bool) -> usize {
    while at < bytes.len() && keep(bytes[at]) {
        at += 1;
    }
    at
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_attributes_in_every_quoting_style() {
        let html = r##"<a id="x" HREF='#y' data-n=3 hidden><!-- <img id="no"> --><IMG src=a.png>"##;
        let found: Vec<_> = attributes(html)
            .into_iter()
            .map(|a| (a.tag, a.name, a.value))
            .collect();
        assert_eq!(
            found,
            [
                ("a".into(), "id".into(), Some("x")),
                ("a".into(), "href".into(), Some("#y")),
                ("a".into(), "data-n".into(), Some("3")),
                ("a".into(), "hidden".into(), None),
                ("img".into(), "src".into(), Some("a.png")),
            ]
        );
    }

    #[test]
    fn rewrites_only_what_it_is_asked_to() {
        let html = r##"<p>a < b</p><a id="top" href="#top">x</a> id="text""##;
        let out = rewrite_attributes(html, |a| match a.name.as_str() {
            "id" => Some(format!("p--{}", a.value.unwrap_or(""))),
            _ => None,
        });
        assert_eq!(
            out,
            r##"<p>a < b</p><a id="p--top" href="#top">x</a> id="text""##
        );
        assert!(matches!(
            rewrite_attributes("<b>x</b>", |_| None),
            Cow::Borrowed(_)
        ));
    }

    #[test]
    fn comments_and_raw_text_elements_left_open_are_found() {
        let mut open = OpenRawText::default();
        open.feed("<!-- a --><script>x</script>", 0);
        open.feed("<p>fine</p>", 40);
        assert!(open.finish().is_none());
        let mut open = OpenRawText::default();
        open.feed("<div>\n<!-- never", 10);
        open.feed("<p>still inside</p>", 40);
        let left = open.finish().unwrap();
        assert_eq!((left.offset, left.closer.as_str()), (16, "-->"));
        let mut open = OpenRawText::default();
        open.feed("<STYLE media=x>p{}", 0);
        let left = open.finish().unwrap();
        assert_eq!(
            (left.closer.as_str(), left.what.as_str()),
            ("</style>", "this `<style>` element")
        );
        let mut open = OpenRawText::default();
        open.feed("<scripture>ok</scripture>", 0);
        assert!(open.finish().is_none(), "not a script tag");
    }

    #[test]
    fn finds_images_without_alt() {
        let html = "<img src=a.png alt=\"\">\n<img src=\"b.png\"><IMG ALT=c>";
        assert_eq!(tags_without(html, "img", "alt"), [23]);
    }
}
