//! The review page on the fixture site (three questions in two sections): the quiz asks one
//! question at a time, "Not yet" brings a question back sooner than "I knew it", progress is kept
//! across reloads, the section filter narrows the questions, and it all works with the keyboard
//! alone — over HTTP and from `file://`.

use super::{Mode, Outcome, Session, SiteUnderTest, fixture_site, run};

/// How many questions the fixture's pages hold, and how many in its first section.
const QUESTIONS: usize = 3;
const IN_BASICS: usize = 2;

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn review_over_http() {
    run("review_over_http", |s| {
        review_the_questions(s, &fixture_site(Mode::HttpSubPath))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn review_from_file() {
    run("review_from_file", |s| {
        review_the_questions(s, &fixture_site(Mode::File))
    });
}

#[test]
#[cfg_attr(
    not(has_chromium),
    ignore = "chromium not found: install the Debian packages chromium and chromium-driver"
)]
fn review_with_the_keyboard_only() {
    run("review_with_the_keyboard_only", |s| {
        let site = fixture_site(Mode::File);
        open_review(s, &site)?;
        // Tab to "Show answer" from the top of the quiz, as a keyboard user would.
        s.eval_json::<bool>("(document.getElementById('review-scope').focus(), true)")?;
        let mut steps = 0;
        while focused(s)? != "review-show" {
            s.press_key("Tab")?;
            steps += 1;
            check!(steps < 10, "Tab never reached \"Show answer\"");
        }
        s.press_key("Enter")?;
        check!(
            focused(s)? == "review-knew",
            "after \"Show answer\" the focus is on \"I knew it\", not {}",
            focused(s)?
        );
        check!(
            answer_visible(s)?,
            "Enter on \"Show answer\" shows the answer"
        );
        s.press_key("Enter")?;
        expect_progress(s, 1, QUESTIONS)?;
        check!(
            focused(s)? == "review-show",
            "the next question's \"Show answer\" has the focus, not {}",
            focused(s)?
        );
        Ok(())
    });
}

fn review_the_questions(s: &Session, site: &SiteUnderTest) -> Outcome {
    // Every page links to the review page.
    s.goto(&site.url(""))?;
    s.click_to_navigate(".nav-extras a")?;
    open_review(s, site)?;
    expect_progress(s, 0, QUESTIONS)?;

    let first = current(s)?;
    s.click(".review-card:not([hidden]) .review-show")?;
    check!(answer_visible(s)?, "\"Show answer\" shows the answer");
    s.click(".review-card:not([hidden]) .review-not-yet")?;
    expect_progress(s, 0, QUESTIONS)?;
    let second = current(s)?;
    check!(
        second != first,
        "a question missed is not asked again at once"
    );
    know_current(s)?;
    expect_progress(s, 1, QUESTIONS)?;
    let third = current(s)?;
    check!(
        third != first && third != second,
        "new questions come before a missed one"
    );
    know_current(s)?;
    expect_progress(s, 2, QUESTIONS)?;
    // The missed question is back before either question known.
    let fourth = current(s)?;
    check!(
        fourth == first,
        "the question missed comes back sooner ({first}), not {fourth}"
    );

    // Progress is kept in the browser (the reload shows the missed question again first).
    s.reload()?;
    open_review(s, site)?;
    expect_progress(s, 2, QUESTIONS)?;

    // The filter narrows the questions to one section.
    let narrowed: bool = s.eval_json(
        "(() => { const sel = document.getElementById('review-scope'); \
         sel.value = sel.options[1].value; sel.dispatchEvent(new Event('change')); return true; })()",
    )?;
    check!(narrowed, "the section filter exists");
    let progress = progress(s)?;
    check!(
        progress.ends_with(&format!("/ {IN_BASICS} known")),
        "narrowed to the first section: {progress}"
    );
    Ok(())
}

fn open_review(s: &Session, site: &SiteUnderTest) -> Outcome {
    let here = s.location()?;
    if !here.contains("/review/") {
        s.goto(&site.page("review"))?;
    }
    s.wait_for_js(
        "the quiz to start",
        "!document.getElementById('review-bar').hidden && \
         document.querySelectorAll('.review-card:not([hidden])').length === 1",
    )?;
    Ok(())
}

fn know_current(s: &Session) -> Outcome {
    s.click(".review-card:not([hidden]) .review-show")?;
    s.click(".review-card:not([hidden]) .review-knew")
}

fn current(s: &Session) -> Outcome<String> {
    s.eval_json("document.querySelector('.review-card:not([hidden])').dataset.id")
}

fn answer_visible(s: &Session) -> Outcome<bool> {
    s.eval_json("!document.querySelector('.review-card:not([hidden]) .review-answer').hidden")
}

fn focused(s: &Session) -> Outcome<String> {
    s.eval_json("document.activeElement ? document.activeElement.className.replace('review-button ', '') : ''")
}

fn progress(s: &Session) -> Outcome<String> {
    s.eval_json("document.getElementById('review-progress').textContent")
}

fn expect_progress(s: &Session, known: usize, total: usize) -> Outcome {
    let want = format!("{known} / {total} known");
    let got = progress(s)?;
    check!(got == want, "progress reads {got:?}, not {want:?}");
    Ok(())
}
