//! Code tabs: consecutive fenced blocks that each carry `tab="Label"` in; one group out. Without
//! JavaScript (and on the print page) every panel shows, stacked under its label; the theme's
//! `tabs.js` turns a group into an ARIA tab widget (tablist, tabs, tabpanels).

use crate::html::escape_html;

/// The panels of the group being read, each a label and the block's HTML.
#[derive(Debug, Default)]
pub(super) struct TabGroup {
    panels: Vec<(String, String)>,
}

impl TabGroup {
    pub(super) fn push(&mut self, label: String, html: String) {
        self.panels.push((label, html));
    }

    /// The group's HTML.
    pub(super) fn finish(self) -> String {
        let size = self.panels.iter().map(|(l, h)| l.len() + h.len() + 80);
        let mut out = String::with_capacity(32 + size.sum::<usize>());
        out.push_str("<div class=\"code-tabs\">\n");
        for (label, html) in &self.panels {
            out.push_str("<div class=\"code-tab\"><p class=\"code-tab-label\">");
            escape_html(&mut out, label);
            out.push_str("</p>\n");
            out.push_str(html);
            out.push_str("</div>\n");
        }
        out.push_str("</div>\n");
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_panel_shows_under_its_label() {
        let mut group = TabGroup::default();
        group.push("Debian".into(), "<pre>apt</pre>\n".into());
        group.push("<macOS>".into(), "<pre>brew</pre>\n".into());
        assert_eq!(
            group.finish(),
            "<div class=\"code-tabs\">\n\
             <div class=\"code-tab\"><p class=\"code-tab-label\">Debian</p>\n<pre>apt</pre>\n</div>\n\
             <div class=\"code-tab\"><p class=\"code-tab-label\">&lt;macOS&gt;</p>\n<pre>brew</pre>\n</div>\n\
             </div>\n"
        );
    }
}
