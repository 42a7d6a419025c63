//! The tag pages: `tags/index.html` lists every tag with its count, `tags/<slug>/index.html` the
//! pages of one tag (templates `tags.html` and `tag.html`). Made only when some page has tags, so
//! a site without tags may have a section of its own at `tags/`.

use std::sync::Arc;

use rayon::prelude::*;

use super::{Claim, Done, Output, OutputContext};
use crate::error::{Diagnostic, Error, collect_all};
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
        let index = file(
            format!("{TAGS_URL}index.html"),
            ctx.lay_out("tags.html", &ctx.views.tags_index()),
        );
        // A few at a time, each group written as it is made: a tag page lists every page with
        // the tag, so at 100,000 pages they are ~120 MB together.
        let mut problems = Vec::new();
        for group in tags.chunks(TAGS_AT_ONCE) {
            let pages: Vec<Result<OutputFile, Error>> = group
                .par_iter()
                .map(|tag| {
                    file(
                        format!("{}index.html", tag.url()),
                        ctx.lay_out("tag.html", &ctx.views.tag(tag)),
                    )
                })
                .collect();
            match collect_all(pages) {
                Ok(files) => done.write_all(files)?,
                Err(Error::Content(found)) => problems.extend(found),
                Err(other) => return Err(other),
            }
        }
        match index {
            Ok(index) if problems.is_empty() => Ok(vec![index]),
            Ok(_) => Err(Error::Content(problems)),
            Err(Error::Content(found)) => {
                problems.extend(found);
                Err(Error::Content(problems))
            }
            Err(other) => Err(other),
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
