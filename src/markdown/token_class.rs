//! Token classes: a highlighted token's scope stack (syntect's, e.g. `source.python
//! meta.function.python entity.name.function.python`) in; one short, stable class out (`nf`),
//! named after the kinds of token that colour themes tell apart (as Pygments and Chroma name
//! theirs). Tokens no theme colours get none and stay plain text, which is what keeps
//! highlighted code small; `theme_css` colours each class from the two themes.

use std::cell::RefCell;

use rustc_hash::FxHashMap;
use syntect::parsing::{BasicScopeStackOp, Scope};

/// A class and the scope names (prefixes at a `.` boundary) that give it.
pub(super) struct TokenClass {
    pub class: &'static str,
    /// The stylesheet colours the class like the first of these a theme colours.
    pub scopes: &'static [&'static str],
}

/// Every class; the longest matching scope prefix wins.
pub(super) const TOKEN_CLASSES: &[TokenClass] = &[
    TokenClass {
        class: "c",
        scopes: &["comment"],
    },
    TokenClass {
        class: "s",
        scopes: &["string", "markup.raw"],
    },
    TokenClass {
        class: "se",
        scopes: &["constant.character.escape", "constant.other.placeholder"],
    },
    TokenClass {
        class: "sr",
        scopes: &["string.regexp"],
    },
    TokenClass {
        class: "m",
        scopes: &["constant.numeric"],
    },
    TokenClass {
        class: "kc",
        scopes: &["constant.language"],
    },
    TokenClass {
        class: "bc",
        scopes: &["support.constant"],
    },
    TokenClass {
        class: "k",
        scopes: &["keyword"],
    },
    TokenClass {
        class: "o",
        scopes: &["keyword.operator"],
    },
    TokenClass {
        class: "kd",
        scopes: &["storage"],
    },
    TokenClass {
        class: "kt",
        scopes: &["storage.type"],
    },
    TokenClass {
        class: "bt",
        scopes: &["support.type", "support.class"],
    },
    TokenClass {
        class: "nf",
        scopes: &["entity.name.function", "variable.function"],
    },
    TokenClass {
        class: "bf",
        scopes: &["support.function"],
    },
    TokenClass {
        class: "nc",
        scopes: &[
            "entity.name.class",
            "entity.name.type",
            "entity.name",
            "entity.other.inherited-class",
        ],
    },
    TokenClass {
        class: "nt",
        scopes: &["entity.name.tag"],
    },
    TokenClass {
        class: "na",
        scopes: &["entity.other.attribute-name"],
    },
    TokenClass {
        class: "nd",
        scopes: &[
            "meta.decorator",
            "meta.annotation",
            "entity.name.function.decorator",
        ],
    },
    TokenClass {
        class: "nv",
        scopes: &["variable.parameter"],
    },
    TokenClass {
        class: "bp",
        scopes: &["variable.language"],
    },
    TokenClass {
        class: "gh",
        scopes: &["markup.heading", "entity.name.section"],
    },
    TokenClass {
        class: "gs",
        scopes: &["markup.bold"],
    },
    TokenClass {
        class: "ge",
        scopes: &["markup.italic"],
    },
    TokenClass {
        class: "gi",
        scopes: &["markup.inserted"],
    },
    TokenClass {
        class: "gd",
        scopes: &["markup.deleted"],
    },
    TokenClass {
        class: "err",
        scopes: &["invalid"],
    },
];

thread_local! {
    /// Each scope's class (or none), as found once per thread. Looked up for every token, so
    /// hashed with FxHash: a scope is two integers of syntect's own, no untrusted key.
    static CLASS_OF_SCOPE: RefCell<FxHashMap<Scope, Option<&'static str>>> =
        RefCell::new(FxHashMap::default());
}

/// The class of the token at each depth of a scope stack, kept in step with the stack: what
/// the innermost scope with a class gives, found once per scope pushed rather than once per
/// token and depth.
#[derive(Default)]
pub(super) struct ClassStack(Vec<Option<&'static str>>);

impl ClassStack {
    /// Follows one change of the scope stack, as `ScopeStack::apply_with_hook` reports it.
    pub(super) fn follow(&mut self, change: BasicScopeStackOp) {
        match change {
            BasicScopeStackOp::Push(scope) => {
                let outer = self.class();
                self.0.push(class_of_scope(scope).or(outer));
            }
            BasicScopeStackOp::Pop => {
                self.0.pop();
            }
        }
    }

    /// The class of a token: that of the innermost scope of the stack that has one.
    pub(super) fn class(&self) -> Option<&'static str> {
        self.0.last().copied().flatten()
    }
}

/// The class of one scope, if it has one.
fn class_of_scope(scope: Scope) -> Option<&'static str> {
    CLASS_OF_SCOPE.with(|cache| {
        *cache
            .borrow_mut()
            .entry(scope)
            .or_insert_with(|| class_of_name(&scope.build_string()))
    })
}

/// The class of one scope name, by the longest prefix of it in [`TOKEN_CLASSES`].
fn class_of_name(name: &str) -> Option<&'static str> {
    TOKEN_CLASSES
        .iter()
        .flat_map(|c| c.scopes.iter().map(move |prefix| (prefix, c.class)))
        .filter(|(prefix, _)| {
            name.strip_prefix(**prefix)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
        })
        .max_by_key(|(prefix, _)| prefix.len())
        .map(|(_, class)| class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(stack: &[&str]) -> Option<&'static str> {
        let mut classes = ClassStack::default();
        for scope in stack {
            classes.follow(BasicScopeStackOp::Push(Scope::new(scope).unwrap()));
        }
        classes.class()
    }

    #[test]
    fn a_pop_brings_back_the_class_outside() {
        let mut classes = ClassStack::default();
        for scope in [
            "source.python",
            "string.quoted.double",
            "meta.interpolation",
        ] {
            classes.follow(BasicScopeStackOp::Push(Scope::new(scope).unwrap()));
        }
        assert_eq!(classes.class(), Some("s"));
        classes.follow(BasicScopeStackOp::Push(
            Scope::new("constant.numeric").unwrap(),
        ));
        assert_eq!(classes.class(), Some("m"));
        classes.follow(BasicScopeStackOp::Pop);
        classes.follow(BasicScopeStackOp::Pop);
        assert_eq!(classes.class(), Some("s"));
        classes.follow(BasicScopeStackOp::Pop);
        assert_eq!(classes.class(), None);
        classes.follow(BasicScopeStackOp::Pop);
        classes.follow(BasicScopeStackOp::Pop);
        assert_eq!(
            classes.class(),
            None,
            "popping an empty stack keeps it empty"
        );
    }

    #[test]
    fn the_innermost_scope_with_a_class_and_the_longest_prefix_win() {
        assert_eq!(
            class(&["source.python", "comment.line.number-sign.python"]),
            Some("c")
        );
        assert_eq!(
            class(&[
                "source.python",
                "string.quoted.double",
                "punctuation.definition.string.begin"
            ]),
            Some("s")
        );
        assert_eq!(
            class(&[
                "source.python",
                "string.quoted.double",
                "constant.character.escape.python"
            ]),
            Some("se")
        );
        assert_eq!(
            class(&["source.rust", "keyword.operator.arithmetic"]),
            Some("o")
        );
        assert_eq!(class(&["source.rust", "keyword.control.rust"]), Some("k"));
        assert_eq!(
            class(&[
                "source.python",
                "meta.function.python",
                "entity.name.function.python"
            ]),
            Some("nf")
        );
        assert_eq!(class(&["source.python", "meta.generic-name.python"]), None);
        assert_eq!(
            class(&["source.python", "keywordish"]),
            None,
            "prefixes end at a dot"
        );
    }

    #[test]
    fn class_names_are_unique() {
        let mut names: Vec<&str> = TOKEN_CLASSES.iter().map(|c| c.class).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), TOKEN_CLASSES.len());
    }
}
