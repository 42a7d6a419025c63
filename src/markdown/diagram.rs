//! Diagrams: a ```` ```mermaid ```` block's source in; a `<figure class="diagram">` holding the
//! source out, which the theme's `diagrams.js` (the vendored Mermaid and a small driver) draws in
//! the browser. Without a script the source stays readable. What can be known without drawing —
//! an empty diagram, an unknown diagram type — is a warning.

use super::Warning;
use crate::html::escape_html;

/// The info string's first word that makes a block a diagram.
pub(super) const LANGUAGE: &str = "mermaid";

/// The words a Mermaid diagram can start with (its type), as the vendored Mermaid knows them.
const DIAGRAM_TYPES: &[&str] = &[
    "agentflow",
    "agentflow-beta",
    "architecture",
    "architecture-beta",
    "block",
    "block-beta",
    "C4Component",
    "C4Container",
    "C4Context",
    "C4Deployment",
    "C4Dynamic",
    "classDiagram",
    "classDiagram-v2",
    "cynefin-beta",
    "erDiagram",
    "eventmodeling",
    "flowchart",
    "flowchart-elk",
    "gantt",
    "gitGraph",
    "graph",
    "info",
    "ishikawa",
    "ishikawa-beta",
    "journey",
    "kanban",
    "mindmap",
    "packet",
    "packet-beta",
    "pie",
    "quadrantChart",
    "radar-beta",
    "railroad-abnf-beta",
    "railroad-beta",
    "railroad-ebnf-beta",
    "railroad-peg-beta",
    "requirement",
    "requirementDiagram",
    "sankey",
    "sankey-beta",
    "sequenceDiagram",
    "stateDiagram",
    "stateDiagram-v2",
    "swimlane-beta",
    "timeline",
    "treemap",
    "treeView-beta",
    "usecase-beta",
    "venn-beta",
    "wardley-beta",
    "xychart",
    "xychart-beta",
];

/// Appends the figure of one diagram, with its title as the caption when it has one.
pub(super) fn write_diagram(source: &str, title: Option<&str>, out: &mut String) {
    out.reserve(source.len() + source.len() / 8 + 160);
    out.push_str("<figure class=\"diagram\">");
    if let Some(title) = title {
        out.push_str("<figcaption class=\"code-title\">");
        escape_html(out, title);
        out.push_str("</figcaption>");
    }
    out.push_str("<pre class=\"diagram-source\" tabindex=\"0\"><code class=\"language-mermaid\">");
    escape_html(out, source);
    out.push_str("</code></pre></figure>\n");
}

/// What is wrong with a diagram that can be told without drawing it: it is empty, or its type
/// (the first word after any front matter, `%%` comments and directives) is not one Mermaid has.
pub(super) fn check_diagram(source: &str, offset: usize) -> Option<Warning> {
    let Some(first) = first_statement(source) else {
        return Some(Warning {
            offset,
            message: "this Mermaid diagram is empty".into(),
            hint: Some("start it with its type, e.g. `flowchart LR`, then its parts".into()),
        });
    };
    let kind = first
        .split(|c: char| c.is_whitespace() || c == ':' || c == ';')
        .next()
        .unwrap_or("");
    if DIAGRAM_TYPES.contains(&kind) {
        return None;
    }
    let closest = DIAGRAM_TYPES
        .iter()
        .map(|t| {
            (
                strsim::damerau_levenshtein(&kind.to_lowercase(), &t.to_lowercase()),
                *t,
            )
        })
        .filter(|(distance, _)| *distance <= 2)
        .min();
    Some(Warning {
        offset,
        message: format!("unknown Mermaid diagram type `{kind}`; the diagram will not draw"),
        hint: Some(match closest {
            Some((_, known)) => format!("did you mean `{known}`?"),
            None => "start the diagram with its type, such as `flowchart`, `sequenceDiagram`, \
                     `classDiagram`, `stateDiagram-v2`, `erDiagram`, `gantt` or `pie`"
                .into(),
        }),
    })
}

/// The first line that says something: after YAML front matter (`---` … `---`), blank lines and
/// `%%` comments or `%%{init: …}%%` directives.
fn first_statement(source: &str) -> Option<&str> {
    let mut lines = source.lines().map(str::trim);
    let mut in_front_matter = false;
    let mut first = true;
    for line in lines.by_ref() {
        if first && line == "---" {
            in_front_matter = true;
            first = false;
            continue;
        }
        first = false;
        if in_front_matter {
            in_front_matter = line != "---";
            continue;
        }
        if !line.is_empty() && !line.starts_with("%%") {
            return Some(line);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn warning(source: &str) -> Option<String> {
        check_diagram(source, 0).map(|w| format!("{} ({})", w.message, w.hint.unwrap_or_default()))
    }

    #[test]
    fn known_types_after_front_matter_comments_and_directives() {
        assert_eq!(warning("flowchart LR\n  a --> b\n"), None);
        assert_eq!(warning("graph TD;\na-->b"), None);
        assert_eq!(
            warning("%% a comment\n%%{init: {\"theme\": \"forest\"}}%%\nsequenceDiagram\n"),
            None
        );
        assert_eq!(
            warning("---\ntitle: Flow\n---\nstateDiagram-v2\n[*] --> A\n"),
            None
        );
        assert_eq!(warning("gitGraph:\ncommit\n"), None);
    }

    #[test]
    fn empty_and_unknown_diagrams_warn() {
        assert!(warning("").unwrap_or_default().contains("empty"));
        assert!(
            warning("%% only a comment\n\n")
                .unwrap_or_default()
                .contains("empty")
        );
        let typo = warning("flowchat LR\na-->b").unwrap_or_default();
        assert!(
            typo.contains("`flowchat`") && typo.contains("`flowchart`"),
            "{typo}"
        );
        assert!(
            warning("hello world")
                .unwrap_or_default()
                .contains("`sequenceDiagram`")
        );
    }

    #[test]
    fn the_source_is_escaped_in_its_figure() {
        let mut out = String::new();
        write_diagram("a --> b[<i>x</i>]\n", Some("Flow"), &mut out);
        assert_eq!(
            out,
            "<figure class=\"diagram\"><figcaption class=\"code-title\">Flow</figcaption>\
             <pre class=\"diagram-source\" tabindex=\"0\"><code class=\"language-mermaid\">\
             a --&gt; b[&lt;i&gt;x&lt;/i&gt;]\n</code></pre></figure>\n"
        );
    }
}
