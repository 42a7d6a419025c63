//! A light English suffix stemmer (plurals, `-ed`, `-ing`, final `-e`), mirrored exactly by
//! `stem` in static/search.js so queries and the index agree.

/// Reduces a lowercase ASCII word to its stem in place; other words are left alone.
///
/// The rules, in order (each step applies at most one rule):
/// 1. plurals: `-sses` → `-ss`, `-ies` → `-y` (words over 4 letters), `-s` → `` (words over
///    3 letters, not after `s`, `u` or `i`);
/// 2. `-eed` stays; `-ied` → `-y` (over 4 letters); `-ed` and `-ing` are dropped when what is
///    left has 2+ letters and a vowel, then a doubled final consonant (not `l`, `s`, `z`) is
///    undoubled when 4+ letters are left (`running` → `run`, `added` → `add`);
/// 3. a final `-e` is dropped when what is left has a vowel and the word does not end in `-ee`.
///
/// Examples: `collectors` → `collector`, `garbage` → `garbag`, `copies` → `copy`,
/// `using`/`uses`/`used` → `us`, `caching`/`cached` → `cach`.
pub(super) fn stem(word: &mut String) {
    if word.len() < 3 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return;
    }
    strip_plural(word);
    strip_ed_ing(word);
    if word.len() >= 3
        && word.ends_with('e')
        && !word.ends_with("ee")
        && has_vowel(&word[..word.len() - 1])
    {
        word.pop();
    }
}

fn strip_plural(word: &mut String) {
    let len = word.len();
    if word.ends_with("sses") {
        word.truncate(len - 2);
    } else if word.ends_with("ies") && len > 4 {
        word.truncate(len - 3);
        word.push('y');
    } else if word.ends_with('s')
        && len > 3
        && !word.ends_with("ss")
        && !word.ends_with("us")
        && !word.ends_with("is")
    {
        word.truncate(len - 1);
    }
}

fn strip_ed_ing(word: &mut String) {
    let len = word.len();
    if word.ends_with("eed") {
        return;
    }
    if word.ends_with("ied") && len > 4 {
        word.truncate(len - 3);
        word.push('y');
        return;
    }
    let cut = if word.ends_with("ed") {
        2
    } else if word.ends_with("ing") {
        3
    } else {
        return;
    };
    let rest = &word[..len - cut];
    if rest.len() < 2 || !has_vowel(rest) {
        return;
    }
    word.truncate(len - cut);
    let b = word.as_bytes();
    let n = b.len();
    if n >= 4 && b[n - 1] == b[n - 2] && !b"aeiouylsz".contains(&b[n - 1]) {
        word.pop();
    }
}

fn has_vowel(s: &str) -> bool {
    s.bytes().any(|b| b"aeiouy".contains(&b))
}

#[cfg(test)]
mod tests {
    use super::stem;

    fn stemmed(w: &str) -> String {
        let mut s = w.to_string();
        stem(&mut s);
        s
    }

    #[test]
    fn word_forms_share_a_stem() {
        let groups: &[&[&str]] = &[
            &["collector", "collectors"],
            &["collect", "collected", "collecting", "collects"],
            &["garbage", "garbages"],
            &["copy", "copies", "copied", "copying"],
            &["use", "uses", "used", "using"],
            &["run", "running", "runs"],
            &["add", "added", "adding", "adds"],
            &["class", "classes"],
            &["process", "processes", "processed", "processing"],
            &["cache", "caches", "cached", "caching"],
            &["thread", "threads", "threading", "threaded"],
            &["need", "needs", "needed"],
            &["commit", "commits", "committed", "committing"],
            &["try", "tries", "tried", "trying"],
            &["coroutine", "coroutines"],
            &["box", "boxes"],
        ];
        for group in groups {
            let first = stemmed(group[0]);
            for w in group.iter() {
                assert_eq!(stemmed(w), first, "{w} vs {}", group[0]);
            }
        }
    }

    #[test]
    fn leaves_short_foreign_and_protected_words_alone() {
        for w in [
            "gil", "this", "status", "analysis", "string", "thing", "bed", "is", "deepcopy",
            "naïve", "utf8", "__init__", "free", "speed",
        ] {
            assert_eq!(stemmed(w), w, "{w}");
        }
        assert_eq!(stemmed("garbage"), "garbag");
        assert_eq!(stemmed("strings"), "string");
    }
}
