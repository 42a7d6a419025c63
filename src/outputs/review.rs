//! The review page (`review/index.html`): every topic's review questions (see
//! `markdown::review` for the convention) on one page, each answer rendered for that page's URL;
//! static/review.js turns it into a one-question-at-a-time quiz with a Leitner schedule kept in
//! the browser. Made only when the site has questions.

use rayon::prelude::*;

use super::{Claim, Done, Output, OutputContext};
use crate::error::Error;
use crate::markdown::review::{Question, find_questions};
use crate::markdown::{RenderContext, render_markdown};
use crate::site::urls::{REVIEW_URL as URL, relative_url};
use crate::site::{DocRef, PageId, Site};
use crate::templates::views::ReviewQuestion;
use crate::write::OutputFile;

pub struct ReviewPage;

/// The questions of one page.
#[derive(Debug)]
pub struct PageQuestions {
    pub page: PageId,
    pub questions: Vec<Question>,
}

/// Every page's review questions, in reading order (pages without any are left out).
pub fn collect_questions(site: &Site) -> Vec<PageQuestions> {
    let heading = site.config.review.heading.trim();
    if heading.is_empty() {
        return Vec::new();
    }
    site.order
        .par_iter()
        .map(|&page| PageQuestions {
            page,
            questions: find_questions(site.body(DocRef::Page(page)).text(), heading),
        })
        .filter(|found| !found.questions.is_empty())
        .collect()
}

impl Output for ReviewPage {
    fn is_made(&self, ctx: &OutputContext<'_>) -> bool {
        !ctx.questions.is_empty()
    }

    fn claims(&self, _: &OutputContext<'_>) -> Vec<Claim> {
        vec![Claim::generated(format!("{URL}index.html"))]
    }

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let site = ctx.site;
        let answers: Vec<Vec<String>> = ctx
            .questions
            .par_iter()
            .map(|found| {
                let doc = DocRef::Page(found.page);
                let body = site.body(doc).text();
                found
                    .questions
                    .iter()
                    .enumerate()
                    .map(|(n, question)| {
                        // Links are written for the review page's place in the site.
                        let at = question.answer.start;
                        let rewrite =
                            |dest: &str, offset| review_href(site, doc, dest, at + offset, ctx);
                        let prefix = question_id(site, found.page, n);
                        let render = RenderContext {
                            id_prefix: Some(&prefix),
                            ..RenderContext::new(ctx.highlighter, ctx.markdown, &rewrite)
                        };
                        render_markdown(&body[question.answer.clone()], &render).html
                    })
                    .collect()
            })
            .collect();
        let questions: Vec<ReviewQuestion> = ctx
            .questions
            .iter()
            .zip(&answers)
            .flat_map(|(found, answers)| {
                let page = &site.content.pages[found.page];
                let section = &site.content.sections[page.section];
                found.questions.iter().zip(answers).enumerate().map(
                    move |(n, (question, answer))| ReviewQuestion {
                        id: question_id(site, found.page, n),
                        page_title: &page.front.title,
                        page_url: relative_url(URL, &page.url, ctx.style),
                        section_key: section.url.trim_end_matches('/'),
                        section_title: &section.front.title,
                        question_html: &question.question_html,
                        answer_html: answer,
                    },
                )
            })
            .collect();
        let html = ctx
            .templates
            .render("review.html", &ctx.views.review(&questions))
            .map_err(|d| Error::Content(vec![d]))?;
        Ok(vec![OutputFile {
            path: format!("{URL}index.html"),
            bytes: html.into_bytes().into(),
        }])
    }
}

/// A question's stable id: its page's key and its place among the page's questions.
fn question_id(site: &Site, page: PageId, n: usize) -> String {
    format!(
        "{}--q{}",
        site.content.pages[page].key().replace('/', "-"),
        n + 1
    )
}

/// Where a link in an answer of `doc` (at `offset` in its body) leads, seen from the review page.
fn review_href(
    site: &Site,
    doc: DocRef,
    dest: &str,
    offset: usize,
    ctx: &OutputContext<'_>,
) -> Option<String> {
    let origin = site.body(doc).origin_index(offset);
    let target = site.links(doc).get(origin, dest)?;
    Some(site.href_from(URL, target, ctx.style))
}
