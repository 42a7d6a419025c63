//! HTML text: the one escaper for text and quoted attribute values, for what quire writes itself
//! and (as Tera's escape function) for template output.

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
        let Some(replacement) = replacement(byte, quotes) else {
            continue;
        };
        out.push_str(&text[done..i]);
        out.push_str(replacement);
        done = i + 1;
    }
    out.push_str(&text[done..]);
}

/// Writes `text` to `out` escaped as by [`escape_html`]: Tera's escape function (the same bytes
/// as Tera's own, written in runs rather than a byte at a time).
pub fn write_escaped_html(text: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let mut done = 0;
    for (i, byte) in text.bytes().enumerate() {
        let Some(replacement) = replacement(byte, true) else {
            continue;
        };
        out.write_all(&text.as_bytes()[done..i])?;
        out.write_all(replacement.as_bytes())?;
        done = i + 1;
    }
    out.write_all(&text.as_bytes()[done..])
}

/// What `byte` is written as, when it needs escaping (quotes only when `quotes`).
fn replacement(byte: u8, quotes: bool) -> Option<&'static str> {
    match byte {
        b'&' => Some("&amp;"),
        b'<' => Some("&lt;"),
        b'>' => Some("&gt;"),
        b'"' if quotes => Some("&quot;"),
        b'\'' if quotes => Some("&#39;"),
        _ => None,
    }
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

    #[test]
    fn templates_escape_as_tera_does() {
        let text = r#"<a href="x">Tom & Jerry's</a> é"#;
        let (mut ours, mut tera) = (Vec::new(), Vec::new());
        write_escaped_html(text, &mut ours).unwrap();
        tera::escape_html(text, &mut tera).unwrap();
        assert_eq!(ours, tera);
        assert_eq!(String::from_utf8(ours).unwrap(), escaped(text));
    }
}
