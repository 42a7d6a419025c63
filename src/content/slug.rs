//! Slugs: turning file and folder names into URL path segments that can never escape their folder.

/// Makes a URL segment from a file or folder name: lowercase, letters and digits of any script,
/// `-` and `_` kept, spaces and dots become `-`, everything else dropped.
pub fn slugify(name: &str) -> String {
    let mut slug = String::with_capacity(name.len());
    for c in name.chars() {
        if c.is_alphanumeric() || c == '_' {
            // Lowercasing can add combining marks (`İ` -> `i̇`); keep only what a slug allows.
            slug.extend(
                c.to_lowercase()
                    .filter(|l| l.is_alphanumeric() || *l == '_'),
            );
        } else if (c == '-' || c.is_whitespace() || c == '.') && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_matches('-');
    if slug.is_empty() {
        "page".into()
    } else {
        slug.into()
    }
}

/// The longest `slug:` accepted: a URL segment readers can still type, well inside the 255
/// bytes a file system allows for a folder name.
pub const MAX_SLUG_CHARS: usize = 100;

/// Checks a `slug:` written by an author: one path segment, no traversal, nothing the shell or a
/// URL would treat specially. Returns the reason it is rejected.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("a slug cannot be empty");
    }
    if slug.chars().count() > MAX_SLUG_CHARS {
        return Err("a slug can be at most 100 characters long");
    }
    if slug.contains(['/', '\\']) {
        return Err("a slug is one path segment and cannot contain `/` or `\\`");
    }
    if slug.starts_with('.') {
        return Err("a slug cannot start with `.` (that includes `..`)");
    }
    if !slug
        .chars()
        .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("a slug may contain only letters, digits, `-`, `_` and `.`");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugify_keeps_words_and_scripts() {
        assert_eq!(slugify("memory-management"), "memory-management");
        assert_eq!(slugify("My Notes (draft)"), "my-notes-draft");
        assert_eq!(slugify("Ünïcode 日本"), "ünïcode-日本");
        assert_eq!(slugify("v1.2"), "v1-2");
        assert_eq!(slugify("../.."), "page");
        assert_eq!(slugify("İstanbul"), "istanbul");
        assert!(check_slug(&slugify("İ")).is_ok());
    }

    #[test]
    fn check_slug_rejects_traversal() {
        assert!(check_slug("gil").is_ok());
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("a/b").is_err());
        assert!(check_slug("/abs").is_err());
        assert!(check_slug("..").is_err());
        assert!(check_slug("").is_err());
        assert!(check_slug("a b").is_err());
        assert!(check_slug(&"x".repeat(100)).is_ok());
        assert!(check_slug(&"x".repeat(101)).is_err());
    }
}
