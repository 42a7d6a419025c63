// quire search: finds the search box (templates/partials/search.html), loads the index written by
// src/search/ with <script> tags on first focus or input (no fetch/XHR, so file:// works), ranks
// pages (title > heading > text > code, prefixes, small typos), and renders results with DOM APIs
// only. Term rules (`terms`, `stem`) mirror src/search/tokenize.rs and stem.rs exactly.
(function () {
  "use strict";

  // ---- Terms: mirror of src/search/tokenize.rs and src/search/stem.rs ----

  var UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u1780-\u17FF\u3040-\u30FF\u31F0-\u31FF\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF\uFF66-\uFF9F\u{20000}-\u{323AF}]+/gu;
  var SEPARATOR = /[.:,;"\u00B7\u037E\u0387\u055F\u0589\u05F4\u060C\u060D\u066C\u07F8\u2024\u2027\u202F\u203F\u2040\u2044\u2054\uFE10\uFE13\uFE14\uFE33\uFE34\uFE4D-\uFE50\uFE52\uFE54\uFE55\uFF0C\uFF0E\uFF1A\uFF1B\uFF3F]/;
  var DROPPED = /['\u2018\u2019\uFF07\u00AD]/g;
  // Rust's char::is_alphanumeric: a Unicode word must hold one such character.
  var ALNUM = /[\p{Alphabetic}\p{Nd}\p{Nl}\p{No}]/u;
  var HANGUL = /[\u1100-\u11FF\u3130-\u318F\uA960-\uA97F\uAC00-\uD7FF]/;
  var LETTER = /\p{L}/u;
  var JOINS_LETTER = /[\p{L}\p{Nd}\p{Pc}]/u;
  var MID_LETTER = /^[.:'\u00B7\u0387\u055F\u05F4\u2018\u2019\u2024\u2027\uFE13\uFE52\uFE55\uFF07\uFF0E\uFF1A]$/;
  var TRAILING_EXTEND = /[\p{M}\p{Cf}\u200D\u{1F3FB}-\u{1F3FF}]+$/u;
  var WORD_FALLBACK = /[\p{L}\p{M}\p{N}\p{Pc}\u00AD\u200C\u200D'\u2018\u2019.:,;]+/gu;
  var STOP_WORDS = new Set(("an and are at be been but by can do does had has have in is it its of on or so " +
    "such than that the their them then there these they this those to was we were which will would you your").split(" "));
  var MAX_TERM_BYTES = 64;
  var segmenter; // created on first use
  var encoder;

  function stem(w) {
    if (w.length < 3 || !/^[a-z]+$/.test(w)) return w;
    var n = w.length;
    if (w.endsWith("sses")) w = w.slice(0, -2);
    else if (w.endsWith("ies") && n > 4) w = w.slice(0, -3) + "y";
    else if (w.endsWith("s") && n > 3 && !/(ss|us|is)$/.test(w)) w = w.slice(0, -1);
    if (!w.endsWith("eed")) {
      if (w.endsWith("ied") && w.length > 4) w = w.slice(0, -3) + "y";
      else {
        var cut = w.endsWith("ed") ? 2 : w.endsWith("ing") ? 3 : 0;
        var rest = w.slice(0, w.length - cut);
        if (cut && rest.length >= 2 && /[aeiouy]/.test(rest)) {
          w = rest;
          var k = w.length;
          if (k >= 4 && w[k - 1] === w[k - 2] && "aeiouylsz".indexOf(w[k - 1]) < 0) w = w.slice(0, -1);
        }
      }
    }
    if (w.length >= 3 && w.endsWith("e") && !w.endsWith("ee") && /[aeiouy]/.test(w.slice(0, -1))) w = w.slice(0, -1);
    return w;
  }

  // Lowercased, stemmed term of a word, or "" when it is not indexed (too short, too long, stop word).
  function normalize(word, keepStopWords) {
    var kept = word.replace(DROPPED, "");
    var lower = kept.toLowerCase().replace(/ς/g, "σ");
    encoder = encoder || new TextEncoder();
    // Characters are counted before lowercasing: "İ" is one, though its lowercase is two.
    if (Array.from(kept).length < 2 || encoder.encode(lower).length > MAX_TERM_BYTES) return "";
    if (!keepStopWords && STOP_WORDS.has(lower)) return "";
    return stem(lower);
  }

  // [start, end) ranges of an identifier's parts: split at "_" and ASCII camel-case humps.
  function identifierParts(word) {
    var parts = [];
    var start = 0;
    for (var i = 0; i < word.length; i++) {
      var c = word[i];
      if (c === "_") {
        if (i > start) parts.push([start, i]);
        start = i + 1;
        continue;
      }
      if (i === start) continue;
      var prev = word[i - 1];
      var nextLower = /[a-z]/.test(word[i + 1] || "");
      if (/[A-Z]/.test(c) && (/[a-z0-9]/.test(prev) || (/[A-Z]/.test(prev) && nextLower))) {
        parts.push([start, i]);
        start = i;
      }
    }
    if (word.length > start) parts.push([start, word.length]);
    return parts;
  }

  // Whether two words that Intl.Segmenter split, with `gap` between them, are one word by UAX #29
  // (as src/search/tokenize.rs segments): ICU splits Hangul from the letters and digits beside
  // it ("GIL은"), where UAX #29 sees letters (WB5, WB9, WB10, WB13a/b), also across one
  // apostrophe or full stop between letters (WB6, WB7).
  function joinsHangul(left, right, gap) {
    var last = left.replace(TRAILING_EXTEND, "");
    last = last.slice(last.length - (/[\uDC00-\uDFFF]$/.test(last) ? 2 : 1));
    var first = right.slice(0, /^[\uD800-\uDBFF]/.test(right) ? 2 : 1);
    if (!HANGUL.test(last) && !HANGUL.test(first)) return false;
    if (gap === "") return JOINS_LETTER.test(last) && JOINS_LETTER.test(first);
    return MID_LETTER.test(gap) && LETTER.test(last) && LETTER.test(first);
  }

  // Calls visit(piece, offset) for every word piece of text (Unicode words split at separators)
  // and visit(null, offset, bigram) for every bigram of unspaced scripts.
  function scan(text, visit) {
    var last = 0;
    if (segmenter === undefined) {
      segmenter = typeof Intl !== "undefined" && Intl.Segmenter ? new Intl.Segmenter("en", { granularity: "word" }) : null;
    }
    function spaced(stretch, base) {
      var words = [];
      if (segmenter) {
        for (var s of segmenter.segment(stretch)) {
          if (!s.isWordLike && !ALNUM.test(s.segment) && !/\p{Pc}/u.test(s.segment)) continue;
          var before = words[words.length - 1];
          if (before && joinsHangul(before[0], s.segment, stretch.slice(before[1] + before[0].length, s.index))) {
            before[0] = stretch.slice(before[1], s.index + s.segment.length);
          } else words.push([s.segment, s.index]);
        }
        words = words.filter(function (w) { return ALNUM.test(w[0]); });
      } else {
        for (var m of stretch.matchAll(WORD_FALLBACK)) words.push([m[0], m.index]);
      }
      for (var [word, at] of words) {
        var offset = 0;
        for (var piece of word.split(SEPARATOR)) {
          if (piece) visit(piece, base + at + offset);
          offset += piece.length + 1;
        }
      }
    }
    for (var m of text.matchAll(UNSPACED)) {
      spaced(text.slice(last, m.index), last);
      var chars = Array.from(m[0]);
      var at = m.index;
      if (chars.length === 1) visit(null, at, chars[0]);
      for (var i = 0; i + 1 < chars.length; i++) {
        visit(null, at, chars[i] + chars[i + 1]);
        at += chars[i].length;
      }
      last = m.index + m[0].length;
    }
    spaced(text.slice(last), last);
  }

  // The terms the index holds for text (src/search/tokenize.rs), for parity tests.
  function indexTerms(text) {
    var out = [];
    scan(text, function (piece, _, bigram) {
      if (bigram) return out.push(bigram);
      var term = normalize(piece);
      if (term) out.push(term);
      var parts = identifierParts(piece);
      if (parts.length < 2 && parts[0] && parts[0][0] === 0 && parts[0][1] === piece.length) return;
      for (var r of parts) {
        var part = normalize(piece.slice(r[0], r[1]));
        if (part) out.push(part);
      }
    });
    return out;
  }

  // The query as terms: {term, word, parts: [terms], stop}. `word` is the lowercased unstemmed
  // word (for prefixes), `parts` the identifier parts tried when the whole finds nothing.
  function queryTerms(text) {
    var out = [];
    scan(text, function (piece, _, bigram) {
      if (bigram) return out.push({ term: bigram, word: bigram, parts: [] });
      var term = normalize(piece, true);
      if (!term) return;
      var parts = identifierParts(piece).map(function (r) { return normalize(piece.slice(r[0], r[1])); }).filter(Boolean);
      var word = piece.replace(DROPPED, "").toLowerCase().replace(/ς/g, "σ");
      out.push({ term: term, word: word, parts: parts.length > 1 || (parts[0] && parts[0] !== term) ? parts : [], stop: STOP_WORDS.has(word) });
    });
    // Stop words are not indexed: drop them, except a last one that may be the start of a word.
    var trailing = !/[\s\p{P}]$/u.test(text);
    return out.filter(function (q, i) { return !q.stop || (trailing && i === out.length - 1); });
  }

  // ---- Index files: see src/search/encode.rs and shard.rs ----

  var LAST = "0123456789abcdefghijklmnopqrstuv";
  var MORE = "wxyzABCDEFGHIJKLMNOPQRSTUVWXYZ$@";
  var DIGIT = {};
  for (var d = 0; d < 32; d++) {
    DIGIT[LAST[d]] = d;
    DIGIT[MORE[d]] = d + 32;
  }

  function varints(s) {
    var out = [];
    var acc = 0;
    for (var i = 0; i < s.length; i++) {
      var v = DIGIT[s[i]];
      if (v >= 32) acc = acc * 32 + v - 32;
      else {
        out.push(acc * 32 + v);
        acc = 0;
      }
    }
    return out;
  }

  // One term's postings: [{doc, parts: [[part, weight]], page}] (page = doc-level weight or 0).
  function decodePostings(list) {
    var v = varints(list);
    var df = Math.floor(v[0] / 2);
    var docLevel = v[0] % 2 === 1;
    var out = [];
    var i = 1;
    var doc = 0;
    for (var n = 0; n < df; n++) {
      if (docLevel) {
        doc += v[i];
        out.push({ doc: doc, parts: [], page: v[i + 1] });
        i += 2;
        continue;
      }
      doc += Math.floor(v[i] / 2);
      var count = 1;
      if (v[i] % 2 === 1) count = v[++i] + 2;
      i++;
      var parts = [];
      var part = 0;
      for (var k = 0; k < count; k++) {
        part += v[i];
        parts.push([part, v[i + 1]]);
        i += 2;
      }
      out.push({ doc: doc, parts: parts, page: 0 });
    }
    return out;
  }

  function documentFrequency(list) {
    var first = 0;
    while (DIGIT[list[first]] >= 32) first++;
    return Math.floor(varints(list.slice(0, first + 1))[0] / 2);
  }

  // ---- UI ----

  var input = document.getElementById("search-input");
  var list = document.getElementById("search-results");
  if (!input || !list) return;
  var status = document.getElementById("search-status");
  var message = document.getElementById("search-message");
  var scopeSelect = document.getElementById("search-scope");
  var box = input.closest(".search") || input.parentNode;
  var root = input.getAttribute("data-root") || "";
  var offline = input.getAttribute("data-offline") === "true";
  var entryPath = input.getAttribute("data-index") || "";
  var MAX_RESULTS = 10;
  var PREFIX_SHARDS = 2;
  var MAX_EXPANSIONS = 40;

  // Loads an index file by script tag; resolves to the data it stores in
  // window.quireSearchData[key] (key: its path, or "entry" for the entry, which may be renamed).
  var scripts = new Map();
  function load(path, key) {
    key = key || path;
    var promise = scripts.get(path);
    if (promise) return promise;
    promise = new Promise(function (resolve, reject) {
      var store = window.quireSearchData || {};
      if (key in store) return resolve(store[key]);
      var script = document.createElement("script");
      script.src = root + path;
      script.async = true;
      script.onload = function () {
        var data = (window.quireSearchData || {})[key];
        if (data === undefined) reject(new Error("search: " + path + " did not define its data"));
        else resolve(data);
      };
      script.onerror = function () { reject(new Error("search: could not load " + root + path)); };
      document.head.appendChild(script);
    });
    promise.catch(function () { scripts.delete(path); });
    scripts.set(path, promise);
    return promise;
  }

  var entry = null;
  function loadEntry() {
    if (!entry) {
      entry = load(entryPath, "entry").then(function (e) {
        fillScopes(e);
        // A small site has one shard and one chunk: fetch them right away.
        if (e.terms.length === 1 && e.chunks.length === 1) {
          shard(e, 0).catch(function () {});
          load(chunkPath(e, 0)).catch(function () {});
        }
        return e;
      });
      entry.catch(function () { entry = null; });
    }
    return entry;
  }

  // The section filter's options after its "All sections": the page leaves them to the entry's
  // [key, title] list, so that no page repeats it. A select that has them already is left be.
  // (Its width is fixed in search.css, so the box beside it does not move when it fills.)
  var scopesFilled = false;
  function fillScopes(e) {
    if (!scopeSelect || scopesFilled) return;
    scopesFilled = true;
    if (scopeSelect.options.length > 1) return;
    for (var s of e.scopeTitles || []) scopeSelect.add(new Option(s[1], s[0]));
  }

  // Files are named search/<t|d><i>.<hash>.js; the entry lists [first term or doc, hash].
  function chunkPath(e, i) {
    return "search/d" + i + "." + e.chunks[i][1] + ".js";
  }

  var shards = new Map();
  function shard(e, i) {
    var path = "search/t" + i + "." + e.terms[i][1] + ".js";
    var s = shards.get(path);
    if (!s) {
      s = load(path).then(function (payload) {
        var keys = payload[0] ? payload[0].split(" ") : [];
        var lists = payload[1] ? payload[1].split(" ") : [];
        var byTerm = new Map();
        keys.forEach(function (k, j) { byTerm.set(k, j); });
        return { keys: keys, lists: lists, byTerm: byTerm, decoded: new Map() };
      });
      s.catch(function () { shards.delete(path); });
      shards.set(path, s);
    }
    return s;
  }

  // Index of the last [first key, hash] pair of `list` whose first key is <= key: the shard or
  // chunk whose range holds key.
  function rangeIndex(list, key) {
    var lo = 0;
    var hi = list.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (list[mid][0] <= key) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  function shardIndex(e, term) {
    return rangeIndex(e.terms, term);
  }

  // Shards that may hold terms starting with `prefix` (at most PREFIX_SHARDS of them).
  function prefixShards(e, prefix) {
    var first = shardIndex(e, prefix);
    var out = [first];
    for (var i = first + 1; i < e.terms.length && out.length < PREFIX_SHARDS && e.terms[i][0].startsWith(prefix); i++) out.push(i);
    return out;
  }

  function lowerBound(keys, term) {
    var lo = 0;
    var hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (keys[mid] < term) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function postingsOf(s, j) {
    var p = s.decoded.get(j);
    if (!p) {
      p = decodePostings(s.lists[j]);
      s.decoded.set(j, p);
    }
    return p;
  }

  // Optimal string alignment distance of a and b if at most max, else max + 1.
  function distance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    var prev2 = null;
    var prev = [];
    for (var j = 0; j <= b.length; j++) prev.push(j);
    for (var i = 1; i <= a.length; i++) {
      var row = [i];
      var best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var v = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, prev2[j - 2] + 1);
        row.push(v);
        best = Math.min(best, v);
      }
      if (best > max) return max + 1;
      prev2 = prev;
      prev = row;
    }
    return prev[b.length];
  }

  // A typed word that runs past an indexed stem into a suffix being typed ("collecti" → collect).
  function suffixStarted(rest, stemmed) {
    if (rest.length > 1 && rest[0] === stemmed[stemmed.length - 1]) rest = rest.slice(1);
    return ["ing", "ed", "es", "e", "s"].some(function (suffix) { return suffix.startsWith(rest); });
  }

  // Index terms matching one query term, as [{shard, j, key, factor}].
  async function candidates(e, q) {
    var own = await Promise.all(prefixShards(e, q.term).map(function (i) { return shard(e, i); }));
    var found = new Map();
    function add(s, j, factor) {
      var key = s.keys[j];
      var old = found.get(key);
      if (!old || old.factor < factor) found.set(key, { shard: s, j: j, key: key, factor: factor });
    }
    var expansions = [];
    for (var s of own) {
      if (!q.stop && s.byTerm.has(q.term)) add(s, s.byTerm.get(q.term), 1);
      for (var prefix of q.word !== q.term ? [q.term, q.word] : [q.term]) {
        for (var j = lowerBound(s.keys, prefix); j < s.keys.length && s.keys[j].startsWith(prefix); j++) {
          if (s.keys[j] !== q.term) expansions.push([s, j, documentFrequency(s.lists[j])]);
        }
      }
    }
    expansions.sort(function (a, b) { return b[2] - a[2]; });
    for (var [es, ej] of expansions.slice(0, MAX_EXPANSIONS)) add(es, ej, 0.4 + 0.5 * q.term.length / es.keys[ej].length);
    if (!found.size) {
      for (var k = q.word.length - 1; k >= 3; k--) {
        var shorter = q.word.slice(0, k);
        var hs = await shard(e, shardIndex(e, shorter));
        if (hs.byTerm.has(shorter) && suffixStarted(q.word.slice(k), shorter)) add(hs, hs.byTerm.get(shorter), 0.9);
      }
    }
    if (!found.size && Array.from(q.term).length >= 4) {
      var max = Array.from(q.term).length >= 8 ? 2 : 1;
      var at = shardIndex(e, q.term);
      var near = [at - 1, at, at + 1].filter(function (i) { return i >= 0 && i < e.terms.length; });
      for (var ts of await Promise.all(near.map(function (i) { return shard(e, i); }))) {
        ts.keys.forEach(function (key, j) {
          var dist = Math.min(distance(q.term, key, max), distance(q.word, key, max));
          if (dist <= max) add(ts, j, dist === 1 ? 0.5 : 0.3);
        });
      }
    }
    return Array.from(found.values());
  }

  // The key of the top-level section a doc is in ("" for the home page and its own pages), from
  // the entry's runs of [first doc, key].
  function scopeOf(e, doc) {
    return e.scopes && e.scopes.length ? e.scopes[rangeIndex(e.scopes, doc)][1] : "";
  }

  // Runs a query: {total, results: [{doc, part, score}], matched: Set of index terms}; with a
  // scope, only docs in that top-level section count.
  async function rank(e, text, scope) {
    var terms = queryTerms(text);
    var perTerm = [];
    var matched = new Set();
    for (var q of terms) {
      var cands = await candidates(e, q);
      if (!cands.length && q.parts.length) {
        for (var part of q.parts) perTerm.push(scoreCandidates(e, await candidates(e, { term: part, word: part }), matched));
        continue;
      }
      perTerm.push(scoreCandidates(e, cands, matched));
    }
    if (!perTerm.length) return { total: 0, results: [], matched: matched };
    var docs = new Map();
    perTerm.forEach(function (scores, i) {
      scores.forEach(function (s, doc) {
        var d = docs.get(doc);
        if (!d) docs.set(doc, (d = { doc: doc, terms: 0, parts: new Map(), page: 0 }));
        d.terms++;
        d.page += s.page;
        s.parts.forEach(function (v, p) {
          var acc = d.parts.get(p) || { mask: 0, score: 0 };
          d.parts.set(p, { mask: acc.mask | (1 << Math.min(i, 30)), score: acc.score + v });
        });
      });
    });
    var all = Array.from(docs.values());
    if (scope) all = all.filter(function (d) { return scopeOf(e, d.doc) === scope; });
    var and = all.filter(function (d) { return d.terms === perTerm.length; });
    var pool = and.length ? and : all;
    pool.forEach(function (d) {
      var title = d.parts.get(0) || { mask: 0, score: 0 };
      // The section to link to: the one matching most query terms the title does not, then the
      // highest scoring; none (the top of the page) when the title matches all the rest do.
      var best = { extra: 0, score: 0 };
      var sum = 0;
      d.part = 0;
      d.parts.forEach(function (v, p) {
        if (p === 0) return;
        sum += v.score;
        var extra = bits(v.mask & ~title.mask);
        if (extra > best.extra || (extra === best.extra && v.score > best.score)) {
          best = { extra: extra, score: v.score };
          d.part = extra ? p : 0;
        }
      });
      var top = 0;
      d.parts.forEach(function (v, p) { if (p > 0) top = Math.max(top, v.score); });
      d.score = title.score + top + 0.3 * Math.min(sum - top, top) + d.page;
    });
    pool.sort(function (a, b) { return b.terms - a.terms || b.score - a.score || a.doc - b.doc; });
    return { total: pool.length, results: pool.slice(0, MAX_RESULTS), matched: matched };
  }

  function bits(mask) {
    var n = 0;
    for (; mask; mask &= mask - 1) n++;
    return n;
  }

  // doc → {parts: Map(part → score), page}, the best candidate per part.
  function scoreCandidates(e, cands, matched) {
    var scores = new Map();
    for (var c of cands) {
      matched.add(c.key);
      var postings = postingsOf(c.shard, c.j);
      var df = postings.length;
      var idf = Math.log(1 + (e.docs - df + 0.5) / (df + 0.5));
      var f = (c.factor * idf) / 4;
      for (var p of postings) {
        var s = scores.get(p.doc);
        if (!s) scores.set(p.doc, (s = { parts: new Map(), page: 0 }));
        s.page = Math.max(s.page, f * p.page);
        for (var [part, weight] of p.parts) s.parts.set(part, Math.max(s.parts.get(part) || 0, f * weight));
      }
    }
    return scores;
  }

  // Page data for a doc id: [url, title, section, parts].
  async function pageData(e, doc) {
    var i = rangeIndex(e.chunks, doc);
    var chunk = await load(chunkPath(e, i));
    return chunk[doc - e.chunks[i][0]];
  }

  // Public entry point (also for tests): resolves to {query, total, results: [{title, section,
  // heading, snippet, href}]}; `scope` (a top-level section's key) narrows the results to it.
  async function search(text, scope) {
    var e = await loadEntry();
    var ranked = await rank(e, text, scope || "");
    var results = await Promise.all(ranked.results.map(async function (r) {
      var page = await pageData(e, r.doc);
      var part = page[3][r.part > 0 ? r.part - 1 : 0] || ["", "", ""];
      var anchor = r.part > 0 ? part[0] : "";
      return {
        title: page[1],
        section: e.sections[page[2]] || "",
        heading: r.part > 0 ? part[1] : "",
        snippet: part[2],
        href: root + page[0] + (offline ? "index.html" : "") + (anchor ? "#" + anchor : ""),
      };
    }));
    return { query: text, scope: scope || "", total: ranked.total, results: results, matched: ranked.matched };
  }

  // Appends text to el with every word whose term is in `matched` wrapped in <mark>.
  function appendMarked(el, text, matched) {
    var ranges = [];
    scan(text, function (piece, at, bigram) {
      if (bigram) {
        if (matched.has(bigram)) ranges.push([at, at + bigram.length]);
        return;
      }
      if (matched.has(normalize(piece, true))) return ranges.push([at, at + piece.length]);
      for (var r of identifierParts(piece)) {
        if (matched.has(normalize(piece.slice(r[0], r[1]), true))) ranges.push([at + r[0], at + r[1]]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var merged = [];
    for (var r of ranges) {
      var prev = merged[merged.length - 1];
      if (prev && r[0] <= prev[1]) prev[1] = Math.max(prev[1], r[1]);
      else merged.push([r[0], r[1]]);
    }
    var pos = 0;
    for (var [start, end] of merged) {
      if (start > pos) el.appendChild(document.createTextNode(text.slice(pos, start)));
      var mark = document.createElement("mark");
      mark.textContent = text.slice(start, end);
      el.appendChild(mark);
      pos = end;
    }
    if (pos < text.length) el.appendChild(document.createTextNode(text.slice(pos)));
  }

  function span(className) {
    var el = document.createElement("span");
    el.className = className;
    return el;
  }

  var active = -1;
  var seq = 0;

  function options() {
    return list.querySelectorAll("[role=option]");
  }

  // Opens or closes the popup: the results if there are any, else the message if there is one.
  function setOpen(open) {
    var results = open && list.childNodes.length > 0;
    list.hidden = !results;
    if (message) message.hidden = !open || results || !message.textContent;
    if (!results) setActive(-1);
  }

  function isOpen() {
    return !list.hidden || (message && !message.hidden);
  }

  function setActive(i) {
    var opts = options();
    if (active >= 0 && opts[active]) opts[active].setAttribute("aria-selected", "false");
    active = opts.length ? i : -1;
    if (active >= 0) {
      opts[active].setAttribute("aria-selected", "true");
      opts[active].scrollIntoView({ block: "nearest" });
      input.setAttribute("aria-activedescendant", opts[active].id);
    } else {
      input.removeAttribute("aria-activedescendant");
    }
  }

  function announce(message) {
    if (status && status.textContent !== message) status.textContent = message;
  }

  function render(found) {
    list.replaceChildren();
    active = -1;
    input.removeAttribute("aria-activedescendant");
    found.results.forEach(function (r, i) {
      var a = document.createElement("a");
      a.id = "search-result:" + i; // ":" never occurs in heading ids, so no clash
      a.className = "search-result";
      a.href = r.href;
      a.setAttribute("role", "option");
      a.setAttribute("aria-selected", "false");
      a.tabIndex = -1;
      var title = span("search-result-title");
      appendMarked(title, r.title, found.matched);
      var where = span("search-result-section");
      where.appendChild(document.createTextNode(r.section));
      if (r.heading) {
        if (r.section) where.appendChild(document.createTextNode(" › "));
        appendMarked(where, r.heading, found.matched);
      }
      a.append(title, where);
      if (r.snippet) {
        var snippet = span("search-result-snippet");
        appendMarked(snippet, r.snippet, found.matched);
        a.appendChild(snippet);
      }
      list.appendChild(a);
    });
    var n = found.total;
    announce(n === 0 ? "No results" : n === 1 ? "1 result" : n + " results");
    var where = found.scope && scopeSelect ? " in " + scopeSelect.options[scopeSelect.selectedIndex].text : "";
    if (message) message.textContent = n === 0 ? "No results for “" + found.query.trim() + "”" + where : "";
    list.setAttribute("data-query", found.query);
    setOpen(box.contains(document.activeElement));
  }

  function fail(err) {
    list.replaceChildren();
    if (message) message.textContent = "Search is unavailable: its index could not be loaded.";
    announce("Search is unavailable");
    setOpen(box.contains(document.activeElement));
    console.error(err);
  }

  function update() {
    var text = input.value;
    var mine = ++seq;
    if (!text.trim()) {
      list.replaceChildren();
      list.removeAttribute("data-query");
      if (message) message.textContent = "";
      announce("");
      setOpen(false);
      return;
    }
    search(text, scopeSelect ? scopeSelect.value : "").then(function (found) {
      if (mine === seq) render(found);
    }, function (err) {
      if (mine === seq) fail(err);
    });
  }

  function editable(el) {
    return el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));
  }

  document.addEventListener("keydown", function (ev) {
    if (ev.key !== "/" || ev.ctrlKey || ev.metaKey || ev.altKey || editable(ev.target)) return;
    ev.preventDefault();
    input.focus();
    input.select();
  });

  input.addEventListener("focus", function () {
    loadEntry().catch(function () {});
    if (input.value.trim()) setOpen(true);
  });
  input.addEventListener("input", update);
  input.addEventListener("keydown", function (ev) {
    var n = options().length;
    if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      if (!n) return;
      ev.preventDefault();
      if (list.hidden) setOpen(true);
      var step = ev.key === "ArrowDown" ? 1 : -1;
      setActive(active < 0 ? (step > 0 ? 0 : n - 1) : (active + step + n) % n);
    } else if (ev.key === "Enter") {
      var target = options()[active >= 0 ? active : 0];
      if (!target || list.hidden) return;
      ev.preventDefault();
      window.location.href = target.href;
    } else if (ev.key === "Escape") {
      ev.preventDefault();
      if (isOpen()) setOpen(false);
      else if (input.value) {
        input.value = "";
        update();
      } else input.blur();
    }
  });
  list.addEventListener("mousedown", function (ev) {
    ev.preventDefault(); // keep focus in the input while a result is clicked
  });
  document.addEventListener("pointerdown", function (ev) {
    if (!box.contains(ev.target)) setOpen(false);
  });
  if (scopeSelect) {
    // A new section narrows the query at once (focus stays on the select: arrow keys change it).
    scopeSelect.addEventListener("change", update);
    // Its sections come with the entry: load it as soon as the reader reaches for the select.
    var wanted = function () {
      loadEntry().catch(function () {});
    };
    scopeSelect.addEventListener("pointerenter", wanted);
    scopeSelect.addEventListener("focus", wanted);
    // A click faster than the entry opens the list once it has its sections (or the entry
    // failed), where the browser can open it from script.
    scopeSelect.addEventListener("mousedown", function (ev) {
      if (scopesFilled || ev.button !== 0 || !scopeSelect.showPicker) return;
      ev.preventDefault();
      scopeSelect.focus();
      var open = function () {
        if (document.activeElement !== scopeSelect) return;
        try {
          scopeSelect.showPicker();
        } catch (err) {} // no longer allowed (the click is too long ago): a second click opens it
      };
      loadEntry().then(open, open);
    });
    // The single-file page carries the entry: its select is complete from the start.
    if ("entry" in (window.quireSearchData || {})) wanted();
  }
  input.addEventListener("blur", function () {
    setOpen(false);
  });

  window.quireSearch = { search: search, terms: indexTerms };
})();
