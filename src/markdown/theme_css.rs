//! Code theme CSS: the light and dark themes in; one small stylesheet out that colours each token
//! class (`token_class`) as each theme colours its scope, scoped to `pre.code`, switched by
//! `html[data-theme]` or `prefers-color-scheme`, with text colours raised to WCAG AA contrast
//! (4.5:1) against the theme background.

use syntect::highlighting::{Color, FontStyle, Highlighter as ThemeHighlighter, Theme};
use syntect::parsing::Scope;

use super::Highlighter;
use super::highlight::{DARK_THEME, LIGHT_THEME};
use super::token_class::TOKEN_CLASSES;

/// Contrast every code text colour reaches (WCAG AA asks 4.5; a little margin for rounding).
const MIN_CONTRAST: f64 = 4.6;

/// The element highlighted code sits in; syntect's `.hl-code` rule (theme foreground and
/// background) is applied to it.
const CODE_ELEMENT: &str = "pre.code";

impl Highlighter {
    /// CSS for the code themes. Exactly one theme is active at a time, so no rule of one theme
    /// leaks into the other: the dark theme under `html[data-theme="dark"]`, or under
    /// `prefers-color-scheme: dark` unless `html[data-theme="light"]`; the light theme otherwise.
    pub fn theme_css(&self) -> String {
        let light = ThemeRules::new(&self.light);
        let dark = ThemeRules::new(&self.dark);
        let mut css = format!(
            "/* Code highlighting: syntect themes \"{LIGHT_THEME}\" (light) and \"{DARK_THEME}\" \
             (dark), text colours adjusted to WCAG AA contrast. */\n"
        );
        light.write(&mut css, "html[data-theme=\"light\"]");
        dark.write(&mut css, "html[data-theme=\"dark\"]");
        css.push_str("@media (prefers-color-scheme: light) {\n");
        light.write(&mut css, "html:not([data-theme=\"dark\"])");
        css.push_str("}\n@media (prefers-color-scheme: dark) {\n");
        dark.write(&mut css, "html:not([data-theme=\"light\"])");
        css.push_str("}\n");
        css
    }
}

/// One theme's rules: (selectors, declarations) with contrast-adjusted colours.
struct ThemeRules {
    rules: Vec<(Vec<String>, Vec<String>)>,
}

impl ThemeRules {
    fn new(theme: &Theme) -> Self {
        let rgb = |c: Color| [c.r, c.g, c.b];
        let background = theme.settings.background.map_or([255, 255, 255], rgb);
        let foreground = theme.settings.foreground.map_or([0, 0, 0], rgb);
        let mut rules = vec![(
            vec![String::new()],
            vec![
                format!("color: {}", hex(readable(foreground, background))),
                format!("background-color: {}", hex(background)),
            ],
        )];
        let styles = ThemeHighlighter::new(theme);
        let default = styles.get_default();
        for token in TOKEN_CLASSES {
            let mut found = token
                .scopes
                .iter()
                .filter_map(|name| Scope::new(name).ok())
                .map(|scope| styles.style_for_stack(&[scope]));
            let Some(style) = found
                .clone()
                .find(|style| *style != default)
                .or_else(|| found.next())
            else {
                continue;
            };
            let token_background = rgb(style.background);
            let mut declarations = Vec::new();
            let color = rgb(style.foreground);
            if color != foreground || token_background != background {
                declarations.push(format!("color: {}", hex(readable(color, token_background))));
            }
            if token_background != background {
                declarations.push(format!("background-color: {}", hex(token_background)));
            }
            for (flag, declaration) in [
                (FontStyle::BOLD, "font-weight: bold"),
                (FontStyle::ITALIC, "font-style: italic"),
                (FontStyle::UNDERLINE, "text-decoration: underline"),
            ] {
                if style.font_style.contains(flag) {
                    declarations.push(declaration.to_string());
                }
            }
            if !declarations.is_empty() {
                rules.push((vec![format!(" .{}", token.class)], declarations));
            }
        }
        Self { rules }
    }

    /// Appends the rules with every selector scoped as `{scope} pre.code {selector}`.
    fn write(&self, css: &mut String, scope: &str) {
        for (selectors, declarations) in &self.rules {
            for (i, selector) in selectors.iter().enumerate() {
                if i > 0 {
                    css.push_str(",\n");
                }
                css.push_str(scope);
                css.push(' ');
                css.push_str(CODE_ELEMENT);
                css.push_str(selector);
            }
            css.push_str(" { ");
            css.push_str(&declarations.join("; "));
            css.push_str(" }\n");
        }
    }
}

fn hex([r, g, b]: [u8; 3]) -> String {
    format!("#{r:02x}{g:02x}{b:02x}")
}

/// WCAG relative luminance.
fn luminance(color: [u8; 3]) -> f64 {
    let linear = |channel: u8| {
        let c = f64::from(channel) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(color[0]) + 0.7152 * linear(color[1]) + 0.0722 * linear(color[2])
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

/// `color`, mixed step by step towards black (light background) or white (dark background)
/// until it reaches [`MIN_CONTRAST`] against `background`.
fn readable(color: [u8; 3], background: [u8; 3]) -> [u8; 3] {
    let target: f64 = if luminance(background) > 0.18 {
        0.0
    } else {
        255.0
    };
    let mut mixed = color;
    for step in 0..=20 {
        let t = f64::from(step) / 20.0;
        mixed = color.map(|c| (f64::from(c) + (target - f64::from(c)) * t).round() as u8);
        if contrast(mixed, background) >= MIN_CONTRAST {
            break;
        }
    }
    mixed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse_hex(value: &str) -> Option<[u8; 3]> {
        let digits = value.strip_prefix('#')?;
        if digits.len() != 6 {
            return None;
        }
        let channel = |i: usize| u8::from_str_radix(digits.get(i..i + 2)?, 16).ok();
        Some([channel(0)?, channel(2)?, channel(4)?])
    }

    #[test]
    fn every_colour_of_both_themes_reaches_aa_contrast() {
        let hl = Highlighter::new();
        for theme in [&hl.light, &hl.dark] {
            let background = theme.settings.background.map(|c| [c.r, c.g, c.b]);
            let background = background.unwrap_or([255, 255, 255]);
            for (selectors, declarations) in ThemeRules::new(theme).rules {
                let rule_background = declarations
                    .iter()
                    .find_map(|d| d.strip_prefix("background-color: ").and_then(parse_hex))
                    .unwrap_or(background);
                for color in declarations
                    .iter()
                    .filter_map(|d| d.strip_prefix("color: "))
                {
                    let ratio = contrast(parse_hex(color).unwrap_or_default(), rule_background);
                    assert!(
                        ratio >= 4.5,
                        "{selectors:?}: {color} has contrast {ratio:.2}"
                    );
                }
            }
        }
    }

    #[test]
    fn themes_are_scoped_and_exclusive() {
        let css = Highlighter::new().theme_css();
        assert!(css.contains("html[data-theme=\"light\"] pre.code { color: "));
        assert!(css.contains("html[data-theme=\"dark\"] pre.code .c {"));
        assert!(css.contains(
            "@media (prefers-color-scheme: dark) {\nhtml:not([data-theme=\"light\"]) pre.code {"
        ));
        assert!(css.contains(
            "@media (prefers-color-scheme: light) {\nhtml:not([data-theme=\"dark\"]) pre.code {"
        ));
        assert!(!css.contains(".hl-"));
        assert!(css.len() < 8_000, "{} bytes", css.len());
        assert_eq!(css.matches('{').count(), css.matches('}').count());
    }

    #[test]
    fn low_contrast_colours_are_darkened_on_light_backgrounds() {
        let white = [255, 255, 255];
        let grey = [0x96, 0x98, 0x96];
        assert!(contrast(grey, white) < 4.5);
        let fixed = readable(grey, white);
        assert!(contrast(fixed, white) >= 4.5);
        assert!(fixed.iter().zip(grey).all(|(f, g)| *f <= g));
        assert_eq!(readable([0, 0, 0], white), [0, 0, 0]);
    }
}
