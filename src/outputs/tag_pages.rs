//! The tag pages: `tags/index.html` lists every tag with its count, `tags/<slug>/index.html` the
//! pages of one tag (templates `tags.html` and `tag.html`). Made only when some page has tags, so
//! a site without tags may have a section of its own at `tags/`.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Claim, Done, Output, OutputContext};
use crate::error::{Diagnostic, Error, collect_all};
use crate::site::Tag;
use crate::site::tags::TAGS_URL;
use crate::write::OutputFile;

pub struct TagPages;

impl Output for TagPages {
    fn claims(&self, ctx: &OutputContext<'_>) -> Vec<Claim> {
        let tags = &ctx.site.tags;
        if tags.is_empty() {
            return Vec::new();
        }
        let mut claims = vec![Claim::generated(format!("{TAGS_URL}index.html"))];
        claims.extend(
            tags.iter()
                .map(|tag| Claim::generated(format!("{}index.html", tag.url()))),
        );
        claims
    }

    fn make(&self, ctx: &OutputContext<'_>, done: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let tags = &ctx.site.tags;
        if tags.is_empty() {
            return Ok(Vec::new());
        }
        // A few at a time, each group written as it is made: a tag page lists every page with
        // the tag, so at 100,000 pages they are ~120 MB together.
        let mut problems = Vec::new();
        let mut write = |made: Vec<Result<OutputFile, Error>>| match collect_all(made) {
            Ok(files) => done.write_all(files),
            Err(Error::Content(found)) => {
                problems.extend(found);
                Ok(())
            }
            Err(other) => Err(other),
        };
        write(vec![file(
            format!("{TAGS_URL}index.html"),
            ctx.lay_out("tags.html", &ctx.views.tags_index()),
        )])?;
        for group in tags.chunks(TAGS_AT_ONCE) {
            let page = |tag: &Tag| {
                file(
                    format!("{}index.html", tag.url()),
                    ctx.lay_out("tag.html", &ctx.views.tag(tag)),
                )
            };
            write(group.par_iter().map(page).collect())?;
        }
        if problems.is_empty() {
            Ok(Vec::new())
        } else {
            Err(Error::Content(problems))
        }
    }
}

/// Tag pages laid out (in parallel) before they are written.
const TAGS_AT_ONCE: usize = 16;

/// A laid-out page as an output file, or the template's error.
fn file(path: String, html: Result<Arc<[u8]>, Diagnostic>) -> Result<OutputFile, Error> {
    Ok(OutputFile {
        path,
        bytes: html.map_err(|d| Error::Content(vec![d]))?,
    })
}
