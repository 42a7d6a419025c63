//! Math: the TeX of `$…$` and `$$…$$` in; MathML Core out (drawn by the browser itself, so it
//! needs no script and nothing fetched), or the problem with the TeX and where it is.

use std::sync::LazyLock;

use math_core::{LatexToMathML, MathDisplay};

/// The converter: no macros, so building it cannot fail; shared like a compiled regex.
static CONVERTER: LazyLock<LatexToMathML> = LazyLock::new(LatexToMathML::default);

/// How deep math may nest. The converter recurses once per level, and a page renders on a
/// worker thread's small stack: hostile input must be an error, not a stack overflow. Real
/// formulas stay far below this.
const MAX_NESTING: usize = 24;

/// Invalid TeX: what is wrong, at a byte offset in the TeX.
#[derive(Debug, PartialEq, Eq)]
pub(super) struct TexError {
    pub at: usize,
    pub message: String,
}

/// The MathML of `tex`: a `<math>` element, `display="block"` for display math.
pub(super) fn tex_to_mathml(tex: &str, display: bool) -> Result<String, TexError> {
    let mode = if display {
        MathDisplay::Block
    } else {
        MathDisplay::Inline
    };
    if let Some(at) = too_deep(tex) {
        return Err(TexError {
            at,
            message: format!("math nested more than {MAX_NESTING} levels deep"),
        });
    }
    match CONVERTER.convert_with_local_state(tex, mode) {
        Ok(converted) => Ok(converted.mathml),
        Err(error) => Err(TexError {
            at: error.0.start.min(tex.len()),
            message: error.error_message(),
        }),
    }
}

/// Where `tex` first nests deeper than [`MAX_NESTING`], if it does. A level is an open group
/// (`{`, `\\left`, `\\begin`) or a command in a run of commands with nothing between them but
/// groups, spaces, `[`, `^` and `_` (`\\sqrt\\sqrt x`, `\\frac{\\frac{…`): an over-estimate of the
/// converter's depth, never an under-estimate.
fn too_deep(tex: &str) -> Option<usize> {
    let (mut groups, mut commands) = (0usize, 0usize);
    let mut chars = tex.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' => {
                let start = at + 1;
                let mut end = start;
                while let Some(&(i, next)) = chars.peek() {
                    if !next.is_ascii_alphabetic() && i > start {
                        break;
                    }
                    chars.next();
                    end = i + next.len_utf8();
                    if !next.is_ascii_alphabetic() {
                        break;
                    }
                }
                match &tex[start..end] {
                    "left" | "begin" => groups += 1,
                    "right" | "end" => groups = groups.saturating_sub(1),
                    _ => {}
                }
                commands += 1;
            }
            '{' => groups += 1,
            '}' => groups = groups.saturating_sub(1),
            '[' | '^' | '_' => {}
            c if c.is_whitespace() => {}
            _ => commands = 0,
        }
        if groups + commands > MAX_NESTING {
            return Some(at);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn common_notation_becomes_mathml() {
        let cases = [
            (
                r"O(n \log n)",
                "<mi>n</mi><mo lspace=\"0.1667em\" rspace=\"0.1667em\">log</mo>",
            ),
            (r"\frac{a}{b}", "<mfrac><mi>a</mi><mi>b</mi></mfrac>"),
            (r"\sqrt{2}", "<msqrt><mn>2</mn></msqrt>"),
            (r"\sum_{i=1}^{n} i", "<munderover>"),
            (r"\mathbb{R}", "<mi>ℝ</mi>"),
            (r"\begin{pmatrix} 1 & 0 \\ 0 & 1 \end{pmatrix}", "<mtable"),
            (r"\begin{aligned} a &= b \\ c &= d \end{aligned}", "<mtr>"),
            (r"\text{if } x < 0", "</mtext><mi>x</mi><mo>&lt;</mo>"),
        ];
        for (tex, expected) in cases {
            let mathml = tex_to_mathml(tex, false).unwrap_or_else(|e| panic!("{tex}: {e:?}"));
            assert!(mathml.starts_with("<math>"), "{mathml}");
            assert!(mathml.contains(expected), "{tex}: {mathml}");
        }
        let block = tex_to_mathml("x", true).unwrap_or_default();
        assert!(block.starts_with("<math display=\"block\">"), "{block}");
    }

    #[test]
    fn invalid_tex_says_what_and_where() {
        let unknown = tex_to_mathml(r"a + \foo", false).unwrap_err();
        assert_eq!(unknown.at, 4);
        assert!(unknown.message.contains(r"\foo"), "{unknown:?}");
        let open = tex_to_mathml(r"\frac{1}{", false).unwrap_err();
        assert_eq!(open.at, 9);
        assert!(open.message.contains('}'), "{open:?}");
    }

    #[test]
    fn deep_nesting_is_an_error_not_a_crash() {
        let n = 100_000;
        let hostile = [
            format!("{}x{}", "{".repeat(n), "}".repeat(n)),
            format!("{}x", r"\sqrt".repeat(n)),
            format!("{}x{}", r"\frac{".repeat(n), "}{y}".repeat(n)),
            format!("{}x{}", r"\left(".repeat(n), r"\right)".repeat(n)),
            format!(
                "{}x{}",
                r"\begin{matrix}".repeat(n),
                r"\end{matrix}".repeat(n)
            ),
            format!("x{}", r"^\sqrt".repeat(n)),
            format!("{}x{}", r"\sqrt[".repeat(n), "]".repeat(n)),
        ];
        for tex in hostile {
            let error = tex_to_mathml(&tex, false).unwrap_err();
            assert!(error.message.contains("levels deep"), "{error:?}");
        }
        // Deep enough for real formulas, and long ones are not deep.
        let nested = format!("{}x{}", r"\frac{1}{1+".repeat(10), "}".repeat(10));
        assert!(tex_to_mathml(&nested, true).is_ok(), "{nested}");
        let long = r"\alpha + \beta \cdot \gamma = ".repeat(200) + "0";
        assert!(tex_to_mathml(&long, true).is_ok());
        let matrix = r"\begin{pmatrix} 1 & 2 \\ 3 & 4 \end{pmatrix}".repeat(50);
        assert!(tex_to_mathml(&matrix, true).is_ok());
    }
}
