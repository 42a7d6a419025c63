//! The render pass's math and fenced code blocks: TeX to MathML, and each fenced block to the
//! module that draws it (a diagram, a code block with its attributes), grouped into code tabs;
//! their problems are located in the body.

use std::ops::Range;

use pulldown_cmark::{CowStr, Event};

use super::Renderer;
use crate::markdown::Warning;
use crate::markdown::code_block::{check_marked_lines, write_code_block};
use crate::markdown::code_info::{InfoProblem, parse_info};
use crate::markdown::diagram::{self, check_diagram, write_diagram};
use crate::markdown::highlight::write_pre;
use crate::markdown::math::tex_to_mathml;

impl<'a> Renderer<'a, '_> {
    /// Math as MathML; invalid TeX is an error at the place in the TeX it names.
    pub(super) fn math(
        &mut self,
        tex: CowStr<'a>,
        display: bool,
        range: Range<usize>,
        in_heading: bool,
    ) -> Event<'a> {
        if !in_heading {
            self.text.push_prose(&tex);
        }
        match tex_to_mathml(&tex, display) {
            Ok(mathml) => Event::InlineHtml(mathml.into()),
            Err(error) => {
                // Where the TeX starts: inside the `$`s, when it was written in one piece.
                let start = self.src[range.clone()]
                    .find(&*tex)
                    .map_or(range.start, |at| range.start + at + error.at);
                self.errors.push(Warning {
                    offset: start,
                    message: format!("invalid TeX math: {}", error.message),
                    hint: Some(
                        "math between `$` signs is TeX; write `\\$` for a dollar sign".into(),
                    ),
                });
                Event::Code(tex)
            }
        }
    }

    /// A code block's highlighted text: the earlier render's, when the render reuses one,
    /// else the highlighter's (kept when the render keeps them).
    fn code_body(&mut self, lang: &str, code: &str, offset: usize) -> (String, Option<Warning>) {
        let index = self.code_blocks;
        self.code_blocks += 1;
        if let Some(body) = self.ctx.reuse_code.and_then(|bodies| bodies.get(index)) {
            // Its warnings were reported with the render that made it.
            return (body.clone(), None);
        }
        let (body, warning) = self.ctx.highlighter.code_body(lang, code, offset);
        if self.ctx.keep_code {
            self.code_bodies.push(body.clone());
        }
        (body, warning)
    }

    pub(super) fn end_code_block(&mut self) {
        let Some(code) = self.code.take() else {
            return;
        };
        let code_text = std::mem::take(&mut self.code_text);
        let mut html = String::new();
        let tab = match code.info.as_deref() {
            None => {
                let (body, warning) = self.code_body("", &code_text, code.offset);
                self.warnings.extend(warning);
                write_pre(&mut html, "", "", &body);
                None
            }
            Some(info) => {
                let (parsed, mut problems) = parse_info(info);
                problems.extend(check_marked_lines(&parsed, &code_text));
                let info_at = self.info_offset(code.offset, info);
                for problem in problems {
                    self.info_problem(problem, info_at);
                }
                if parsed.lang == diagram::LANGUAGE {
                    self.uses.diagrams = true;
                    self.warnings.extend(check_diagram(&code_text, code.offset));
                    write_diagram(&code_text, parsed.title.as_deref(), &mut html);
                } else {
                    let (body, warning) = self.code_body(parsed.lang, &code_text, code.offset);
                    self.warnings.extend(warning);
                    write_code_block(&parsed, &code_text, &body, &mut html);
                }
                parsed.tab
            }
        };
        self.text.push_code(&code_text);
        self.text.word_break();
        self.code_text = code_text;
        match tab {
            Some(label) => {
                self.uses.tabs = true;
                self.tabs.get_or_insert_default().push(label, html);
            }
            None => {
                self.end_tabs();
                self.out.push(Event::Html(html.into()));
            }
        }
    }

    /// Writes the tab group being read, if there is one.
    pub(super) fn end_tabs(&mut self) {
        if let Some(group) = self.tabs.take() {
            self.out.push(Event::Html(group.finish().into()));
        }
    }

    /// Where a fence's info string starts in the body: on the fence's line, after the fence;
    /// the fence itself when the info string is not there as written (escapes, entities).
    fn info_offset(&self, fence: usize, info: &str) -> usize {
        let line = self.src[fence..].split('\n').next().unwrap_or("");
        let fence_len = line.len() - line.trim_start_matches(['`', '~']).len();
        line[fence_len..]
            .find(info)
            .map_or(fence, |at| fence + fence_len + at)
    }

    fn info_problem(&mut self, problem: InfoProblem, info_at: usize) {
        let warning = Warning {
            offset: info_at + problem.at,
            message: problem.message,
            hint: problem.hint,
        };
        if problem.is_error {
            self.errors.push(warning);
        } else {
            self.warnings.push(warning);
        }
    }
}
