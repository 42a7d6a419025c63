//! Code blocks: a fence's info string and its text in; `<pre class="code">` HTML out, highlighted
//! by syntect's parser with one short class per token kind (`token_class`), or escaped plain
//! text.

use std::fmt;

use syntect::highlighting::{Theme, ThemeSet};
use syntect::parsing::{ParseState, ScopeStack, SyntaxReference, SyntaxSet};
use syntect::util::LinesWithEndings;

use super::Warning;
use super::token_class::ClassStack;
use crate::html::{escape_html, escape_text};

/// Light theme (the default) and dark theme, by their names in syntect's bundled theme set.
pub(super) const LIGHT_THEME: &str = "InspiredGitHub";
pub(super) const DARK_THEME: &str = "base16-ocean.dark";

/// Languages shown as plain text without a warning.
const PLAIN_LANGUAGES: &[&str] = &[
    "text",
    "txt",
    "plain",
    "plaintext",
    "console",
    "output",
    "pycon",
];

/// Common names that syntect's bundled syntaxes do not know, mapped to a token they do know.
const ALIASES: &[(&str, &str)] = &[("python3", "py"), ("shell", "bash"), ("golang", "go")];

/// Highlighted HTML being written: the class of the span left open, if any.
struct Spans {
    html: String,
    open: Option<&'static str>,
}

impl Spans {
    /// Appends `text` in a span of `class` (none: plain), reusing the open span where it can.
    fn push(&mut self, text: &str, class: Option<&'static str>) {
        if text.is_empty() {
            return;
        }
        if class != self.open && !text.chars().all(char::is_whitespace) {
            self.close();
            if let Some(class) = class {
                // Class names are letters only, so the attribute needs no quotes.
                self.html.push_str("<span class=");
                self.html.push_str(class);
                self.html.push('>');
                self.open = Some(class);
            }
        }
        escape_text(&mut self.html, text);
    }

    fn close(&mut self) {
        if self.open.take().is_some() {
            self.html.push_str("</span>");
        }
    }
}

/// Syntaxes and code themes, loaded once per build and shared by reference across threads.
pub struct Highlighter {
    syntaxes: SyntaxSet,
    pub(super) light: Theme,
    pub(super) dark: Theme,
}

impl Highlighter {
    /// Loads syntect's bundled syntaxes (the `newlines` set) and the two code themes.
    pub fn new() -> Self {
        let mut themes = ThemeSet::load_defaults().themes;
        Self {
            syntaxes: SyntaxSet::load_defaults_newlines(),
            light: themes.remove(LIGHT_THEME).unwrap_or_default(),
            dark: themes.remove(DARK_THEME).unwrap_or_default(),
        }
    }

    /// The inside of a code block's `<code>`: highlighted spans around escaped text, or escaped
    /// text (with a warning when the language is unknown or highlighting failed).
    pub(super) fn code_body(
        &self,
        lang: &str,
        code: &str,
        offset: usize,
    ) -> (String, Option<Warning>) {
        let is_plain = lang.is_empty()
            || PLAIN_LANGUAGES
                .iter()
                .any(|plain| plain.eq_ignore_ascii_case(lang));
        let (highlighted, warning) = if is_plain {
            (None, None)
        } else if let Some(syntax) = self.find_syntax(lang) {
            match self.highlight(syntax, code) {
                Ok(html) => (Some(html), None),
                Err(error) => (
                    None,
                    Some(Warning {
                        offset,
                        message: format!("could not highlight this `{lang}` code block: {error}"),
                        hint: Some("use ```text to show it as plain text".to_owned()),
                    }),
                ),
            }
        } else {
            (None, Some(self.unknown_language(lang, offset)))
        };
        let body = highlighted.unwrap_or_else(|| {
            let mut escaped = String::with_capacity(code.len() + code.len() / 8);
            escape_text(&mut escaped, code);
            escaped
        });
        (body, warning)
    }

    fn find_syntax(&self, lang: &str) -> Option<&SyntaxReference> {
        let token = ALIASES
            .iter()
            .find(|(alias, _)| alias.eq_ignore_ascii_case(lang))
            .map_or(lang, |(_, token)| token);
        self.syntaxes.find_syntax_by_token(token)
    }

    /// The highlighted HTML of `code`: escaped text, with a `<span class="…">` (one short token
    /// class) around each run of tokens a theme colours alike; white space joins the run around
    /// it, so spans stay few.
    fn highlight(&self, syntax: &SyntaxReference, code: &str) -> Result<String, syntect::Error> {
        let mut parser = ParseState::new(syntax);
        let mut stack = ScopeStack::new();
        let mut classes = ClassStack::default();
        let mut out = Spans {
            html: String::with_capacity(code.len() * 2),
            open: None,
        };
        for line in LinesWithEndings::from(code) {
            let mut at = 0;
            for (position, op) in parser.parse_line(line, &self.syntaxes)? {
                out.push(&line[at..position], classes.class());
                at = position;
                stack.apply_with_hook(&op, |change, _| classes.follow(change))?;
            }
            out.push(&line[at..], classes.class());
        }
        out.close();
        Ok(out.html)
    }

    fn unknown_language(&self, lang: &str, offset: usize) -> Warning {
        let hint = match self.closest_token(lang) {
            Some(token) => format!(
                "did you mean `{token}`? Use `text` for a block that should not be highlighted"
            ),
            None => "use `text` for a block that should not be highlighted, or a language \
                     token syntect knows such as `python`, `rust`, `bash`, `json`"
                .to_owned(),
        };
        Warning {
            offset,
            message: format!(
                "unknown code block language `{lang}`; the block is shown without highlighting"
            ),
            hint: Some(hint),
        }
    }

    /// The known language token nearest to `lang` by edit distance, if it is close enough.
    fn closest_token(&self, lang: &str) -> Option<String> {
        let lang = lang.to_lowercase();
        let max_distance = (lang.chars().count() / 3).clamp(1, 2);
        let syntax_tokens = self.syntaxes.syntaxes().iter().flat_map(|syntax| {
            std::iter::once(syntax.name.to_lowercase()).chain(syntax.file_extensions.clone())
        });
        let extra_tokens = PLAIN_LANGUAGES
            .iter()
            .chain(ALIASES.iter().map(|(alias, _)| alias))
            .map(|token| (*token).to_owned());
        syntax_tokens
            .chain(extra_tokens)
            .filter(|token| !token.contains(char::is_whitespace))
            .map(|token| (strsim::damerau_levenshtein(&lang, &token), token))
            .filter(|(distance, _)| *distance <= max_distance)
            .min()
            .map(|(_, token)| token)
    }
}

/// Writes `<pre class="code …">` around a code block's body; `classes` are added to `code`'s
/// (with a leading space, or `""`).
pub(super) fn write_pre(out: &mut String, lang: &str, classes: &str, body: &str) {
    out.reserve(body.len() + 2 * lang.len() + classes.len() + 96);
    out.push_str("<pre class=\"code");
    out.push_str(classes);
    out.push('"');
    if !lang.is_empty() {
        out.push_str(" data-lang=\"");
        escape_html(out, lang);
        out.push('"');
    }
    out.push_str(" tabindex=\"0\"><code");
    if !lang.is_empty() {
        out.push_str(" class=\"language-");
        escape_html(out, lang);
        out.push('"');
    }
    out.push('>');
    out.push_str(body);
    out.push_str("</code></pre>\n");
}

impl Default for Highlighter {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for Highlighter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Highlighter")
            .field("syntaxes", &self.syntaxes.syntaxes().len())
            .field("light", &self.light.name)
            .field("dark", &self.dark.name)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use super::super::code_info::code_language;
    use super::super::{MarkdownOptions, RenderContext, Rendered, render_markdown};
    use super::*;

    static HL: LazyLock<Highlighter> = LazyLock::new(Highlighter::new);

    fn render(src: &str) -> Rendered {
        render_markdown(
            src,
            &RenderContext::new(&HL, &MarkdownOptions::default(), &|_, _| None),
        )
    }

    #[test]
    fn info_string_first_word_is_the_language() {
        assert_eq!(code_language("python"), "python");
        assert_eq!(code_language("rust,editable"), "rust");
        assert_eq!(code_language("python norun"), "python");
        assert_eq!(code_language("text nocheck"), "text");
        assert_eq!(code_language("  python\tnorun"), "python");
        assert_eq!(code_language(""), "");
        assert_eq!(code_language(",x"), "");

        let html =
            render("```python norun\nx = 1\n```\n\n```rust,editable\nfn main() {}\n```\n").html;
        assert!(html.contains("<pre class=\"code\" data-lang=\"python\" tabindex=\"0\"><code class=\"language-python\">x <span class=o>= </span><span class=m>1"), "{html}");
        assert!(html.contains("data-lang=\"rust\""));
        assert!(html.contains("<span class=nf>main</span>"), "{html}");
    }

    #[test]
    fn highlighted_python_block() {
        let src = "```python\n@decorator\ndef greet(name: str) -> str:\n    \"\"\"Say hi.\"\"\"\n    \
                   return f\"Hello, {name}!\"  # <b>&\n```\n";
        let rendered = render(src);
        assert!(rendered.warnings.is_empty());
        insta::assert_snapshot!(rendered.html);
    }

    #[test]
    fn plain_languages_and_indented_code_are_not_highlighted() {
        let src = "```\na < b\n```\n\n```text nocheck\nout\n```\n\n```Console\n$ ls\n```\n\n    indented <x>\n";
        let rendered = render(src);
        assert!(rendered.warnings.is_empty());
        assert!(!rendered.html.contains("<span"));
        assert!(
            rendered
                .html
                .contains("<pre class=\"code\" tabindex=\"0\"><code>a &lt; b\n</code></pre>")
        );
        assert!(
            rendered
                .html
                .contains("data-lang=\"text\" tabindex=\"0\"><code class=\"language-text\">out\n")
        );
        assert!(
            rendered
                .html
                .contains("<pre class=\"code\" tabindex=\"0\"><code>indented &lt;x&gt;\n")
        );
    }

    #[test]
    fn unknown_language_warns_and_falls_back_to_plain() {
        let src = "Intro.\n\n```pyhton\nprint('<hi>')\n```\n\n```no-such-lang\nx\n```\n";
        let rendered = render(src);
        assert!(rendered.html.contains(
            "<pre class=\"code\" data-lang=\"pyhton\" tabindex=\"0\"><code class=\"language-pyhton\">\
             print('&lt;hi&gt;')\n</code></pre>"
        ));
        let [typo, unknown] = &rendered.warnings[..] else {
            panic!("expected two warnings: {:?}", rendered.warnings);
        };
        assert_eq!(typo.offset, src.find("```pyhton").unwrap_or_default());
        assert!(typo.message.contains("`pyhton`"), "{}", typo.message);
        assert!(
            typo.hint.as_deref().unwrap_or("").contains("`python`"),
            "{typo:?}"
        );
        assert!(unknown.message.contains("`no-such-lang`"));
        assert!(unknown.hint.as_deref().unwrap_or("").contains("`text`"));
    }

    #[test]
    fn language_aliases_and_case() {
        let rendered =
            render("```Python\nreturn 1\n```\n```python3\nreturn 2\n```\n```shell\nls -l\n```\n");
        assert!(rendered.warnings.is_empty(), "{:?}", rendered.warnings);
        let html = &rendered.html;
        assert_eq!(
            html.matches("<span class=k>return </span>").count(),
            2,
            "{html}"
        );
        assert!(html.contains("<span class=nf>ls"), "{html}");
    }

    #[test]
    fn highlighted_code_stays_close_to_its_source_size() {
        let code = "import os\n\n\ndef walk(root: str, depth: int = 0) -> list[str]:\n    \"\"\"Every file under root.\"\"\"\n    found = []\n    for entry in os.scandir(root):\n        if entry.is_dir():\n            found += walk(entry.path, depth + 1)  # go deeper\n        else:\n            found.append(entry.path)\n    return found\n";
        let html = render(&format!("```python\n{code}```\n")).html;
        let start = html.find("\">").unwrap_or(0) + 2;
        let inner = &html[html[start..].find('>').map_or(0, |i| start + i + 1)
            ..html.find("</code>").unwrap_or(html.len())];
        let ratio = inner.len() as f64 / code.len() as f64;
        assert!(ratio < 3.0, "{ratio:.2}x: {html}");
    }

    #[test]
    fn highlighter_is_shareable_across_threads() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Highlighter>();
    }
}
