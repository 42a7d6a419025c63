/* review.js — the review page's quiz: one question at a time, "Show answer", then "I knew it" or
   "Not yet", with a small Leitner schedule kept in localStorage. Loaded only by the review page;
   without it the page is a plain list of questions with collapsible answers. Works from file://. */
(function () {
  "use strict";

  /* Box 0 holds new questions and the ones not known last time; a question known again moves
     up a box and waits longer (in questions answered) before it comes back. */
  var WAIT = [2, 4, 8, 16, 32];
  var root = document.getElementById("review");
  var list = document.getElementById("review-list");
  if (!root || !list) return;
  var key = "quire-review:" + (root.getAttribute("data-site") || "");
  var scope = document.getElementById("review-scope");
  var progress = document.getElementById("review-progress");
  var done = document.getElementById("review-done");
  var cards = Array.prototype.slice.call(list.querySelectorAll(".review-card"));

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(key) || "null");
      if (saved && typeof saved === "object" && saved.cards) return saved;
    } catch (e) {
      /* unreadable or blocked storage: start fresh */
    }
    return { step: 0, scope: "", cards: {} };
  }

  var state = load();

  function save() {
    try {
      window.localStorage.setItem(key, JSON.stringify(state));
    } catch (e) {
      /* private mode: the review still works for this visit */
    }
  }

  function entry(id) {
    return state.cards[id] || { box: 0, due: 0, known: false };
  }

  /* Turns each card's <details> into a question, a hidden answer and three buttons. */
  cards.forEach(function (card, index) {
    var details = card.querySelector("details");
    var summary = card.querySelector("summary");
    var answer = card.querySelector(".review-answer");
    var question = document.createElement("p");
    question.className = "review-question";
    question.id = card.id + "-question";
    question.innerHTML = summary.innerHTML;
    answer.hidden = true;
    answer.id = card.id + "-answer";
    var actions = document.createElement("div");
    actions.className = "review-actions";
    actions.innerHTML =
      '<button type="button" class="review-button review-show">Show answer</button>' +
      '<button type="button" class="review-button review-knew" hidden>I knew it</button>' +
      '<button type="button" class="review-button review-not-yet" hidden>Not yet</button>';
    actions.querySelector(".review-show").setAttribute("aria-describedby", question.id);
    actions.querySelector(".review-show").setAttribute("aria-controls", answer.id);
    details.parentNode.insertBefore(question, details);
    details.parentNode.insertBefore(answer, details);
    details.parentNode.insertBefore(actions, details);
    details.parentNode.removeChild(details);
    card.setAttribute("data-order", String(index));
    card.hidden = true;
  });
  root.classList.add("is-quiz");
  document.getElementById("review-bar").hidden = false;

  function inScope(card) {
    return !state.scope || card.getAttribute("data-section") === state.scope;
  }

  /* The question to ask next: the one due soonest; new before seen, then page order. */
  function next() {
    var best = null;
    cards.forEach(function (card) {
      if (!inScope(card)) return;
      var e = entry(card.getAttribute("data-id"));
      if (e.due > state.step + WAIT[WAIT.length - 1]) return;
      if (
        !best ||
        e.due < best.e.due ||
        (e.due === best.e.due && e.box < best.e.box)
      ) {
        best = { card: card, e: e };
      }
    });
    return best && best.card;
  }

  function showProgress() {
    var total = 0;
    var known = 0;
    cards.forEach(function (card) {
      if (!inScope(card)) return;
      total += 1;
      if (entry(card.getAttribute("data-id")).known) known += 1;
    });
    progress.textContent = known + " / " + total + " known";
  }

  var current = null;

  function show(card, focus) {
    cards.forEach(function (c) {
      c.hidden = c !== card;
    });
    current = card;
    done.hidden = !!card;
    if (!card) {
      if (focus) done.focus();
      return;
    }
    card.querySelector(".review-answer").hidden = true;
    card.querySelector(".review-show").hidden = false;
    card.querySelector(".review-knew").hidden = true;
    card.querySelector(".review-not-yet").hidden = true;
    if (focus) card.querySelector(".review-show").focus();
  }

  function answer(knew) {
    if (!current) return;
    var id = current.getAttribute("data-id");
    var e = entry(id);
    state.step += 1;
    if (knew) {
      e.box = Math.min(e.box + 1, WAIT.length - 1);
      e.known = true;
    } else {
      e.box = 0;
      e.known = false;
    }
    e.due = state.step + WAIT[e.box];
    state.cards[id] = e;
    save();
    showProgress();
    show(next(), true);
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button") : null;
    if (!button || !current || !current.contains(button)) return;
    if (button.classList.contains("review-show")) {
      current.querySelector(".review-answer").hidden = false;
      button.hidden = true;
      current.querySelector(".review-knew").hidden = false;
      current.querySelector(".review-not-yet").hidden = false;
      current.querySelector(".review-knew").focus();
    } else if (button.classList.contains("review-knew")) {
      answer(true);
    } else if (button.classList.contains("review-not-yet")) {
      answer(false);
    }
  });

  scope.value = state.scope;
  if (scope.value !== state.scope) state.scope = "";
  scope.addEventListener("change", function () {
    state.scope = scope.value;
    save();
    showProgress();
    show(next(), false);
  });

  document.getElementById("review-reset").addEventListener("click", function () {
    state = { step: 0, scope: state.scope, cards: {} };
    save();
    showProgress();
    show(next(), true);
  });

  showProgress();
  show(next(), false);
})();
