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
    fn finds_images_without_alt() {
        let html = "<img src=a.png alt=\"\">\n<img src=\"b.png\"><IMG ALT=c>";
        assert_eq!(tags_without(html, "img", "alt"), [23]);
    }
}
