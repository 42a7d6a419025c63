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

    fn make(&self, ctx: &OutputContext<'_>, _: &mut Done) -> Result<Vec<OutputFile>, Error> {
        let tags = &ctx.site.tags;
        if tags.is_empty() {
            return Ok(Vec::new());
        }
        let index = file(
            format!("{TAGS_URL}index.html"),
            ctx.lay_out("tags.html", &ctx.views.tags_index()),
        );
        let pages: Vec<Result<OutputFile, Error>> = tags
            .par_iter()
            .map(|tag| {
                file(
                    format!("{}index.html", tag.url()),
                    ctx.lay_out("tag.html", &ctx.views.tag(tag)),
                )
            })
            .collect();
        collect_all(std::iter::once(index).chain(pages))
    }
}

/// A laid-out page as an output file, or the template's error.
fn file(path: String, html: Result<Arc<[u8]>, Diagnostic>) -> Result<OutputFile, Error> {
    Ok(OutputFile {
        path,
        bytes: html.map_err(|d| Error::Content(vec![d]))?,
    })
}
