//! HTML text: the one escaper for text and quoted attribute values that quire writes itself
//! (template output is escaped by Tera).

/// Appends `text` to `out` escaped for HTML text and double- or single-quoted attributes (and for
/// XML, which shares these five characters).
pub fn escape_html(out: &mut String, text: &str) {
    escape(out, text, true);
}

/// Appends `text` to `out` escaped for HTML text only (`&`, `<`, `>`): quotes need no escape
/// outside attributes, and code is full of them.
pub fn escape_text(out: &mut String, text: &str) {
    escape(out, text, false);
}

fn escape(out: &mut String, text: &str, quotes: bool) {
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let replacement = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' if quotes => "&quot;",
            b'\'' if quotes => "&#39;",
            _ => continue,
        };
        out.push_str(&text[done..i]);
        out.push_str(replacement);
        done = i + 1;
    }
    out.push_str(&text[done..]);
}

/// `text` escaped as by [`escape_html`].
pub fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    escape_html(&mut out, text);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_keeps_its_quotes() {
        let mut out = String::new();
        escape_text(&mut out, r#"if a < b && c > "d": 'e'"#);
        assert_eq!(out, r#"if a &lt; b &amp;&amp; c &gt; "d": 'e'"#);
    }

    #[test]
    fn escapes_the_five_characters_only() {
        assert_eq!(
            escaped(r#"a<b>&"c"'d' é"#),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; é"
        );
    }
}
