//! References and ids in a body's raw HTML. References are what a page links to or shows: the
//! `src`, `href`, `srcset` (each candidate) and `poster` of `<img>`, `<a>`, `<source>`, `<video>`
//! and `<audio>`. Ids are what a `#anchor` can point at: any element's `id`, an `<a name>`. The
//! scan reads them to check them; the render rewrites them. An HTML block arrives a line at a
//! time, so its lines are joined first ([`HtmlPieces`]): a tag written over several lines is
//! read whole.

use std::ops::Range;

use super::raw_html::{Attribute, attributes, rewrite_attributes};

/// The attributes that reference a file or page, by tag.
fn is_reference(tag: &str, name: &str) -> bool {
    matches!(
        (tag, name),
        ("img", "src" | "srcset")
            | ("a", "href")
            | ("source", "src" | "srcset")
            | ("video", "src" | "poster")
            | ("audio", "src")
    )
}

/// The attributes that show an image, a video or a sound (which one, the file tells).
fn is_media_reference(tag: &str, name: &str) -> bool {
    is_reference(tag, name) && tag != "a"
}

/// Rendered HTML with the references of its media (`<img>` `src` and `srcset`, `<source>` `src`
/// and `srcset`, `<video>` `src` and `poster`, `<audio>` `src`) replaced where `replace` gets a
/// value (decoded) and returns a new one.
pub fn rewrite_media_references<'h>(
    html: &'h str,
    replace: &mut dyn FnMut(&str) -> Option<String>,
) -> std::borrow::Cow<'h, str> {
    rewrite_attributes(html, |attribute| {
        if !is_media_reference(&attribute.tag, &attribute.name) {
            return None;
        }
        let value = decode_entities(attribute.value?);
        if attribute.name == "srcset" {
            return rewrite_srcset(&value, 0, &mut |url, _| replace(url));
        }
        replace(&value)
    })
}

/// Whether the attribute gives an element an id a link can point at.
fn is_id(attribute: &Attribute<'_>) -> bool {
    attribute.name == "id" || (attribute.tag == "a" && attribute.name == "name")
}

/// Raw HTML and where it stands in the body: one inline tag, or the lines of one HTML block.
#[derive(Debug, Default)]
pub(super) struct HtmlPieces {
    pub html: String,
    /// (where a piece starts in `html`, where it starts in the body), in order.
    starts: Vec<(usize, usize)>,
}

impl HtmlPieces {
    /// One piece of HTML at `offset` in the body.
    pub(super) fn of(html: &str, offset: usize) -> Self {
        let mut pieces = HtmlPieces::default();
        pieces.push(html, offset);
        pieces
    }

    pub(super) fn push(&mut self, html: &str, offset: usize) {
        self.starts.push((self.html.len(), offset));
        self.html.push_str(html);
    }

    /// The body offset of position `at` of the joined HTML.
    pub(super) fn body_offset(&self, at: usize) -> usize {
        let piece = self.starts.partition_point(|(start, _)| *start <= at);
        match piece.checked_sub(1).map(|p| self.starts[p]) {
            Some((start, offset)) => offset + (at - start),
            None => at,
        }
    }

    /// Every reference, its value decoded, with its body offset.
    pub(super) fn references(&self) -> Vec<(String, usize)> {
        let mut found = Vec::new();
        for attribute in attributes(&self.html) {
            let Some(value) = attribute.value else {
                continue;
            };
            if !is_reference(&attribute.tag, &attribute.name) {
                continue;
            }
            let at = self.body_offset(attribute.value_range.start);
            let value = decode_entities(value);
            if attribute.name == "srcset" {
                for url in srcset_urls(&value) {
                    found.push((value[url.clone()].to_string(), at + url.start));
                }
            } else {
                found.push((value, at));
            }
        }
        found
    }

    /// Every id and `<a name>`, decoded.
    pub(super) fn ids(&self) -> Vec<String> {
        attributes(&self.html)
            .iter()
            .filter(|a| is_id(a))
            .filter_map(|a| a.value.map(decode_entities))
            .collect()
    }

    /// The HTML with every reference that `rewrite(value, body offset)` gives a new value for
    /// rewritten (each candidate of a `srcset`), and, with an id prefix, every id, `<a name>` and
    /// in-page `#` link that is not rewritten prefixed (`prefix--id`).
    pub(super) fn rewritten(
        &self,
        rewrite: &dyn Fn(&str, usize) -> Option<String>,
        id_prefix: Option<&str>,
    ) -> Option<String> {
        let out = rewrite_attributes(&self.html, |attribute| {
            let value = attribute.value?;
            let at = self.body_offset(attribute.value_range.start);
            if is_id(attribute) {
                return id_prefix.map(|p| format!("{p}--{}", decode_entities(value)));
            }
            if !is_reference(&attribute.tag, &attribute.name) {
                return None;
            }
            let value = decode_entities(value);
            if attribute.name == "srcset" {
                return rewrite_srcset(&value, at, &mut |url, at| rewrite(url, at));
            }
            rewrite(&value, at).or_else(|| {
                let prefix = id_prefix?;
                let id = value.strip_prefix('#').filter(|id| !id.is_empty())?;
                Some(format!("#{prefix}--{id}"))
            })
        });
        match out {
            std::borrow::Cow::Borrowed(_) => None,
            std::borrow::Cow::Owned(changed) => Some(changed),
        }
    }
}

/// A `srcset` with its candidates' URLs rewritten; `None` if none changes.
fn rewrite_srcset(
    value: &str,
    at: usize,
    rewrite: &mut dyn FnMut(&str, usize) -> Option<String>,
) -> Option<String> {
    let mut out = String::with_capacity(value.len());
    let mut done = 0;
    let mut changed = false;
    for url in srcset_urls(value) {
        if let Some(new) = rewrite(&value[url.clone()], at + url.start) {
            out.push_str(&value[done..url.start]);
            out.push_str(&new);
            done = url.end;
            changed = true;
        }
    }
    out.push_str(&value[done..]);
    changed.then_some(out)
}

/// Where the URLs of a `srcset`'s candidates are (`a.png 1x, b.png 2x`), as the HTML standard
/// splits them: a URL runs to whitespace (a comma at its end ends the candidate), descriptors
/// run to the next comma outside parentheses.
pub(super) fn srcset_urls(value: &str) -> Vec<Range<usize>> {
    let bytes = value.as_bytes();
    let mut urls = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        while at < bytes.len() && (bytes[at].is_ascii_whitespace() || bytes[at] == b',') {
            at += 1;
        }
        if at == bytes.len() {
            break;
        }
        let start = at;
        while at < bytes.len() && !bytes[at].is_ascii_whitespace() {
            at += 1;
        }
        let mut end = at;
        if bytes[end - 1] == b',' {
            while end > start && bytes[end - 1] == b',' {
                end -= 1;
            }
        } else {
            let mut depth = 0usize;
            while at < bytes.len() && (bytes[at] != b',' || depth > 0) {
                match bytes[at] {
                    b'(' => depth += 1,
                    b')' => depth = depth.saturating_sub(1),
                    _ => {}
                }
                at += 1;
            }
        }
        if end > start {
            urls.push(start..end);
        }
    }
    urls
}

/// An attribute value with its character references decoded (`&amp;` → `&`, `&#39;` → `'`);
/// ones it does not know are kept as written.
pub(super) fn decode_entities(value: &str) -> String {
    if !value.contains('&') {
        return value.to_string();
    }
    let mut out = String::with_capacity(value.len());
    let mut rest = value;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let decoded = rest.find(';').filter(|&end| end <= 10).and_then(|end| {
            let c = match &rest[1..end] {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                name => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|d| d.parse().ok()))
                    .and_then(char::from_u32),
            }?;
            Some((c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn srcset_candidates_are_split_like_browsers_split_them() {
        let value = "a.png 1x, b,c.png 2x,d.png,  e.png (w) 640w";
        let urls: Vec<&str> = srcset_urls(value).into_iter().map(|r| &value[r]).collect();
        assert_eq!(urls, ["a.png", "b,c.png", "d.png", "e.png"]);
    }

    #[test]
    fn references_and_ids_are_found_across_the_lines_of_a_block() {
        let mut block = HtmlPieces::default();
        block.push("<figure id=\"arch\">\n", 100);
        block.push("<img\n", 200);
        block.push("  src=\"a&amp;b.png\" srcset=\"x.png 2x\">\n", 300);
        block.push(
            "<a name=old href=\"#arch\">x</a><span href=no.png></span>\n",
            400,
        );
        let refs = block.references();
        assert_eq!(
            refs,
            [
                ("a&b.png".to_string(), 307),
                ("x.png".to_string(), 328),
                ("#arch".to_string(), 418)
            ]
        );
        assert_eq!(block.ids(), ["arch", "old"]);
    }

    #[test]
    fn rewriting_touches_references_and_prefixes_ids() {
        let html = HtmlPieces::of(
            "<img src=\"pic.png\" srcset=\"pic.png 1x, big.png 2x\"><a href=\"#top\" name=\"top\">t</a><p id=\"x\" title=\"pic.png\">",
            0,
        );
        let rewrite =
            |value: &str, _: usize| (value == "pic.png").then(|| "../pic.png".to_string());
        assert_eq!(
            html.rewritten(&rewrite, None).unwrap(),
            "<img src=\"../pic.png\" srcset=\"../pic.png 1x, big.png 2x\"><a href=\"#top\" name=\"top\">t</a><p id=\"x\" title=\"pic.png\">"
        );
        assert_eq!(
            html.rewritten(&|_, _| None, Some("doc")).unwrap(),
            "<img src=\"pic.png\" srcset=\"pic.png 1x, big.png 2x\"><a href=\"#doc--top\" name=\"doc--top\">t</a><p id=\"doc--x\" title=\"pic.png\">"
        );
        assert!(
            HtmlPieces::of("<b>x</b>", 0)
                .rewritten(&rewrite, Some("d"))
                .is_none()
        );
    }

    #[test]
    fn only_media_references_are_offered_for_inlining() {
        let html = "<a href=\"a.png\"><img src=\"a.png\" alt=\"\"></a><video poster=\"p.png\"><source src=\"v.mp4\"></video><picture><source srcset=\"a.png 1x, b.png 2x\"></picture>";
        let mut seen = Vec::new();
        let out = rewrite_media_references(html, &mut |v| {
            seen.push(v.to_string());
            (v == "a.png").then(|| "data:A".to_string())
        });
        assert_eq!(seen, ["a.png", "p.png", "v.mp4", "a.png", "b.png"]);
        assert_eq!(
            out,
            "<a href=\"a.png\"><img src=\"data:A\" alt=\"\"></a><video poster=\"p.png\"><source src=\"v.mp4\"></video><picture><source srcset=\"data:A 1x, b.png 2x\"></picture>"
        );
    }

    #[test]
    fn entities_in_values_are_decoded() {
        assert_eq!(
            decode_entities("a&amp;b&#39;c&#x41;&lt;&bogus;&"),
            "a&b'cA<&bogus;&"
        );
    }
}
