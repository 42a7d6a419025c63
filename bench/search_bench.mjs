#!/usr/bin/env node
// In-browser search benchmark for a site built by quire (issue 4). Node 20+, no npm packages.
//
//   node bench/search_bench.mjs OUT [--json FILE] [--passes 5] [--deadline 120] [--chromium PATH]
//   node bench/search_bench.mjs OUT --list      # only print the queries it would run
//
// Options: --page REL runs on OUT/REL instead of OUT/index.html (by default a home page over 1 MB,
// as a generated corpus's is, is swapped for the first topic page: a fresh load of it is slow);
// --queries N runs only the first N queries (smoke runs).
//
// OUT is a quire output folder built with `--offline` (OUT/index.html is opened from file://).
// Headless Chromium runs a fixed list of ~40 queries, picked deterministically from the site's
// own titles and headings, through `window.quireSearch.search(q)` and reports:
//   - the index on disk: every file under OUT/search/ (and the entry on its own);
//   - bytes loaded for a first query: each query runs once on a fresh page and the sizes on disk of
//     every search/*.js file that page requested (entry + shards + page-data chunks) are summed;
//   - cold latency: on that fresh page the entry is loaded first (`search("")`, as focusing the box
//     does), then the query is timed with performance.now(): its shards and chunks are not loaded;
//   - warm latency: one page, every query run once untimed, then --passes timed passes.
// Prints a Markdown table (and, with --json, writes the raw numbers). Chromium always gets killed,
// also on error and when the overall --deadline (seconds) passes.
//
// The DevTools protocol goes over Node's WebSocket, which Node 20 only has with
// --experimental-websocket: without a global WebSocket the script runs itself again with that flag.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

// ------------------------------------------------------------------ arguments

function parseArgs(argv) {
  const opts = { out: null, json: null, page: null, passes: 5, deadline: 120, chromium: process.env.CHROMIUM || "/usr/bin/chromium", queries: 40 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const value = () => {
      if (i + 1 >= argv.length) usage(`${a} needs a value`);
      return argv[++i];
    };
    if (a === "--json") opts.json = value();
    else if (a === "--passes") opts.passes = Number(value());
    else if (a === "--deadline") opts.deadline = Number(value());
    else if (a === "--chromium") opts.chromium = value();
    else if (a === "--list") opts.list = true;
    else if (a === "--page") opts.page = value();
    else if (a === "--queries") opts.queries = Number(value());
    else if (a === "-h" || a === "--help") usage();
    else if (a.startsWith("-")) usage(`unknown option ${a}`);
    else if (!opts.out) opts.out = resolve(a);
    else usage(`unexpected argument ${a}`);
  }
  if (!opts.out) usage("the output folder of a quire --offline build is required");
  if (!existsSync(join(opts.out, "index.html")) || !existsSync(join(opts.out, "search"))) usage(`${opts.out} has no index.html and search/: not a quire site`);
  if (!(opts.passes >= 1) || !(opts.deadline > 0)) usage("--passes and --deadline must be positive");
  return opts;
}

function usage(problem) {
  const text = "usage: node bench/search_bench.mjs OUT [--json FILE] [--passes N] [--deadline SECONDS] [--chromium PATH] [--page REL] [--queries N] [--list]";
  if (problem) {
    console.error(`search_bench: ${problem}\n${text}`);
    process.exit(2);
  }
  console.log(text);
  process.exit(0);
}

// ------------------------------------------------------------------ Chromium lifetime

let browser = null; // {proc, profile}
let finished = false;

function killBrowser() {
  if (!browser) return;
  const { proc, profile } = browser;
  browser = null;
  // Chromium was started in its own process group: this reaches its zygote and renderers too.
  try {
    process.kill(-proc.pid, "SIGKILL");
  } catch {
    try { proc.kill("SIGKILL"); } catch { /* already gone */ }
  }
  try { rmSync(profile, { recursive: true, force: true, maxRetries: 3 }); } catch { /* best effort */ }
}

function finish(code) {
  if (finished) return;
  finished = true;
  killBrowser();
  process.exit(code);
}


async function launch(chromium) {
  const profile = mkdtempSync(join(tmpdir(), "quire-search-bench-"));
  const proc = spawn(chromium, [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--remote-debugging-port=0",
    `--user-data-dir=${profile}`, "--window-size=1280,900", "about:blank",
  ], { stdio: ["ignore", "ignore", "pipe"], detached: true });
  browser = { proc, profile };
  const url = await new Promise((res, rej) => {
    let buf = "";
    proc.stderr.on("data", (d) => {
      buf += d;
      const m = buf.match(/DevTools listening on (ws:\/\/\S+)/);
      if (m) res(m[1]);
    });
    proc.on("error", (e) => rej(new Error(`cannot start ${chromium}: ${e.message}`)));
    proc.on("exit", (c) => rej(new Error(`chromium exited (${c}) before DevTools was up\n${buf}`)));
  });
  proc.stderr.resume(); // keep draining its log

  const ws = new WebSocket(url);
  await new Promise((res, rej) => {
    ws.addEventListener("open", res);
    ws.addEventListener("error", () => rej(new Error("cannot connect to " + url)));
  });
  let lastId = 0;
  const pending = new Map();
  const listeners = [];
  ws.addEventListener("message", (ev) => {
    const msg = JSON.parse(ev.data);
    if (msg.id && pending.has(msg.id)) {
      const { res, rej } = pending.get(msg.id);
      pending.delete(msg.id);
      msg.error ? rej(new Error(JSON.stringify(msg.error))) : res(msg.result);
    } else if (msg.method) for (const l of listeners) l(msg);
  });
  ws.addEventListener("close", () => {
    for (const { rej } of pending.values()) rej(new Error("DevTools connection closed"));
    pending.clear();
  });
  const send = (method, params = {}, sessionId) => new Promise((res, rej) => {
    const id = ++lastId;
    pending.set(id, { res, rej });
    ws.send(JSON.stringify({ id, method, params, sessionId }));
  });

  const { targetId } = await send("Target.createTarget", { url: "about:blank" });
  const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
  const page = {
    send: (m, p) => send(m, p, sessionId),
    on: (fn) => listeners.push((msg) => msg.sessionId === sessionId && fn(msg)),
    problems: [],
    requested: new Set(), // URLs requested since the last navigation
    inflight: new Set(), // request ids not finished yet
  };
  page.on((msg) => {
    const p = msg.params;
    switch (msg.method) {
      case "Network.requestWillBeSent":
        page.requested.add(p.request.url);
        page.inflight.add(p.requestId);
        break;
      case "Network.loadingFinished":
      case "Network.loadingFailed":
        page.inflight.delete(p.requestId);
        if (msg.method === "Network.loadingFailed" && !p.canceled) page.problems.push(`load failed: ${p.errorText}`);
        break;
      case "Runtime.exceptionThrown":
        page.problems.push("exception: " + (p.exceptionDetails.exception?.description || p.exceptionDetails.text));
        break;
      case "Runtime.consoleAPICalled":
        if (["error", "assert"].includes(p.type)) page.problems.push("console.error: " + p.args.map((a) => a.value ?? a.description).join(" "));
        break;
    }
  });
  await page.send("Page.enable");
  await page.send("Runtime.enable");
  await page.send("Network.enable");
  // No memory cache between navigations: every fresh page really loads its index files.
  await page.send("Network.setCacheDisabled", { cacheDisabled: true });

  page.eval = async (expr) => {
    const r = await page.send("Runtime.evaluate", { expression: expr, awaitPromise: true, returnByValue: true });
    if (r.exceptionDetails) throw new Error(`in the page: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}\n  while evaluating ${expr.slice(0, 200)}`);
    return r.result.value;
  };
  page.goto = async (url) => {
    page.requested = new Set();
    page.inflight = new Set();
    const loaded = new Promise((res) => page.on((m) => m.method === "Page.loadEventFired" && res()));
    const nav = await page.send("Page.navigate", { url });
    if (nav.errorText) throw new Error(`cannot open ${url}: ${nav.errorText}`);
    await loaded;
  };
  // Resolves once no request has been in flight for `quiet` ms (a prefetch may still be going).
  page.idle = async (quiet = 30) => {
    let since = Date.now();
    for (;;) {
      if (page.inflight.size) since = Date.now();
      else if (Date.now() - since >= quiet) return;
      await sleep(5);
    }
  };
  return page;
}

const HUGE_PAGE = 1024 * 1024;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ------------------------------------------------------------------ the site

function walk(dir, out = []) {
  for (const ent of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, ent.name);
    if (ent.isDirectory()) walk(p, out);
    else if (ent.isFile()) out.push(p);
  }
  return out;
}

function indexFiles(out) {
  const dir = join(out, "search");
  const files = walk(dir);
  const size = (re) => files.filter((f) => re.test(relative(dir, f))).reduce((n, f) => n + statSync(f).size, 0);
  const count = (re) => files.filter((f) => re.test(relative(dir, f))).length;
  return {
    files: files.length,
    bytes: size(/./),
    entry_bytes: size(/^index\.[^/]*\.js$/),
    term_shards: count(/^t\d+\.[^/]*\.js$/),
    term_shard_bytes: size(/^t\d+\.[^/]*\.js$/),
    doc_chunks: count(/^d\d+\.[^/]*\.js$/),
    doc_chunk_bytes: size(/^d\d+\.[^/]*\.js$/),
  };
}

// Sizes on disk of the search/*.js files among the requested URLs.
function searchFilesOf(out, urls) {
  const dir = join(out, "search") + sep;
  const files = new Map();
  for (const url of urls) {
    if (!url.startsWith("file:")) continue;
    const path = fileURLToPath(url.split("#")[0].split("?")[0]);
    if (path.startsWith(dir) && path.endsWith(".js")) files.set(path, statSync(path).size);
  }
  return files;
}

// ------------------------------------------------------------------ queries

const STOP = new Set(("about also and are been does each from have into more most only other over same some such than that " +
  "their them then there these they this those using what when where which while will with would your").split(" "));

function decode(s) {
  return s.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, e) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'", "#x27": "'" })[e]);
}

// Titles, headings and inline-code identifiers of up to `sample` topic pages, spread evenly over
// the pages in path order, so the same site always gives the same queries.
function siteText(out, sample = 150) {
  const pages = walk(out)
    .filter((f) => f.endsWith(sep + "index.html") && !f.startsWith(join(out, "search") + sep) && !f.startsWith(join(out, "assets") + sep))
    .map((f) => relative(out, f))
    .filter((r) => r.split(sep).length >= 3) // section/page/index.html: topic pages (and nested sections)
    .sort();
  const picked = spread(pages, Math.min(sample, pages.length));
  const titles = [];
  const headings = [];
  const identifiers = [];
  for (const rel of picked) {
    const html = readFileSync(join(out, rel), "utf8");
    for (const m of html.matchAll(/<h([1-3])\b[^>]*>([\s\S]*?)<\/h\1>/g)) {
      const inner = m[2].replace(/<a class="anchor"[\s\S]*?<\/a>/g, "");
      for (const c of inner.matchAll(/<code>([^<]*)<\/code>/g)) {
        const code = decode(c[1]);
        if (/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)+$/.test(code) || /^[a-z]+[A-Z][A-Za-z]*$/.test(code)) identifiers.push(code);
      }
      const text = decode(inner.replace(/<[^>]+>/g, "")).replace(/\s+/g, " ").trim();
      if (!text) continue;
      (m[1] === "1" ? titles : headings).push(text);
    }
  }
  return { pages: pages.length, sampled: picked.length, first: pages[0], titles, headings, identifiers };
}

// k items spread evenly over list, starting `offset` (0..1) of a step in.
function spread(list, k, offset = 0) {
  const out = [];
  if (!list.length) return out;
  for (let i = 0; i < k; i++) out.push(list[Math.min(list.length - 1, Math.floor(((i + offset) * list.length) / k))]);
  return out;
}

function misspell(word, i) {
  const m = Math.floor(word.length / 2);
  switch (i % 4) {
    case 0: return word.slice(0, m - 1) + word[m] + word[m - 1] + word.slice(m + 1); // transposition
    case 1: return word.slice(0, m) + (word[m] === "e" ? "a" : "e") + word.slice(m + 1); // substitution
    case 2: return word.slice(0, m) + word.slice(m + 1); // deletion
    default: return word.slice(0, m) + (word[m] === "o" ? "u" : "o") + word.slice(m); // insertion
  }
}

function pickQueries(text) {
  const words = new Map();
  for (const line of [...text.titles, ...text.headings]) {
    for (const w of line.toLowerCase().match(/[a-z]+/g) || []) if (w.length >= 5 && !STOP.has(w)) words.set(w, (words.get(w) || 0) + 1);
  }
  const vocab = [...words.keys()].sort(); // spread over the alphabet, so over many index shards
  if (vocab.length < 20) throw new Error(`only ${vocab.length} distinct words in the sampled titles and headings; is this a quire site?`);
  const long = vocab.filter((w) => w.length >= 6);
  const queries = [];
  const add = (kind, q) => {
    if (q && !queries.some((x) => x.q === q)) queries.push({ kind, q });
  };
  // 12 single terms (2 of them code identifiers when the headings have some).
  const ids = [...new Set(text.identifiers)].sort();
  const idCount = Math.min(2, ids.length);
  for (const w of spread(vocab, 12 - idCount, 0)) add("term", w);
  for (const id of spread(ids, idCount, 0.5)) add("term", id);
  // 8 prefixes of 3 to 6 letters, as typed while the user is still typing.
  spread(vocab, 8, 0.5).forEach((w, i) => add("prefix", w.slice(0, Math.min(w.length - 1, 3 + (i % 4)))));
  // 10 multi-word: 4 page titles, 3 headings, 3 pairs of words from different pages.
  for (const t of spread(text.titles, 4, 0.3)) add("multi", t);
  const seen = new Map();
  for (const h of text.headings) seen.set(h, (seen.get(h) || 0) + 1);
  const own = text.headings.filter((h) => seen.get(h) <= 2); // not template ones such as "Related topics"
  for (const h of spread(own, 3, 0.7)) add("multi", h);
  const a = spread(vocab, 3, 0.35);
  const b = spread(vocab, 3, 0.85);
  for (let i = 0; i < 3; i++) add("multi", `${a[i]} ${b[i]}`);
  // 8 misspelt words (one edit: transposition, substitution, deletion, insertion).
  const known = new Set(vocab);
  spread(long, 8, 0.25).forEach((w, i) => {
    const typo = misspell(w, i);
    if (!known.has(typo)) add("typo", typo);
  });
  // 2 words that are not in the index at all (the typo scan runs and finds nothing).
  add("miss", "zqxjvwk");
  add("miss", "qqzzx wwvyk");
  return queries;
}

// ------------------------------------------------------------------ statistics

function quantile(values, q) {
  if (!values.length) return null;
  const s = [...values].sort((x, y) => x - y);
  return s[Math.max(0, Math.ceil(q * s.length) - 1)]; // nearest rank
}
const median = (v) => {
  if (!v.length) return null;
  const s = [...v].sort((x, y) => x - y);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const stats = (v) => ({ n: v.length, median: median(v), p95: quantile(v, 0.95), min: v.length ? Math.min(...v) : null, max: v.length ? Math.max(...v) : null });

// ------------------------------------------------------------------ the benchmark

// Runs one query in the page; resolves to [ms, total, first title].
function timed(q) {
  return `(async () => {
    const t0 = performance.now();
    const r = await window.quireSearch.search(${JSON.stringify(q)});
    const ms = performance.now() - t0;
    return [ms, r.total, r.results.length ? r.results[0].title : null];
  })()`;
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const deadline = setTimeout(() => {
    console.error(`search_bench: deadline of ${opts.deadline}s passed; Chromium killed`);
    finish(3);
  }, opts.deadline * 1000);
  deadline.unref();

  const text = siteText(opts.out);
  // The page the searches run on: OUT/index.html, unless it is huge (a generated corpus's home page
  // lists every page: 2.8 MB at 10,000 pages, ~2 s per fresh load), then the first topic page.
  let pageRel = opts.page;
  if (!pageRel) {
    pageRel = "index.html";
    const size = statSync(join(opts.out, pageRel)).size;
    if (size > HUGE_PAGE && text.first) {
      pageRel = text.first;
      console.error(`search_bench: index.html is ${kb(size)}; running on ${pageRel} instead (--page to choose)`);
    }
  }
  const home = join(opts.out, pageRel);
  const homeHtml = readFileSync(home, "utf8");
  const entryAttr = homeHtml.match(/id="search-input"[^>]*?data-index="([^"]+)"/s) || homeHtml.match(/data-index="([^"]+)"[^>]*?id="search-input"/s);
  if (!entryAttr) throw new Error(`${home} has no #search-input with data-index (not a quire site?)`);
  if (!/data-offline="true"/.test(homeHtml)) console.error("search_bench: warning: the site was not built with --offline");

  const index = indexFiles(opts.out);
  const queries = pickQueries(text).slice(0, opts.queries);
  if (opts.list) {
    for (const { kind, q } of queries) console.log(`${kind}\t${q}`);
    return 0;
  }
  const url = pathToFileURL(home).href;

  const page = await launch(opts.chromium);
  const version = (await page.send("Runtime.evaluate", { expression: "navigator.userAgent", returnByValue: true })).result.value;

  // Cold: every query on a fresh page. First the entry alone (as focusing the box loads it), then
  // the query with none of its shards or chunks loaded.
  const cold = [];
  for (const { kind, q } of queries) {
    const n0 = Date.now();
    await page.goto(url);
    const navMs = Date.now() - n0;
    const t0 = await page.eval(`(async () => { const t = performance.now(); await window.quireSearch.search(""); return performance.now() - t; })()`);
    await page.idle();
    const before = searchFilesOf(opts.out, page.requested);
    const [ms, total, top] = await page.eval(timed(q));
    await page.idle();
    const after = searchFilesOf(opts.out, page.requested);
    const sum = (m) => [...m.values()].reduce((n, s) => n + s, 0);
    cold.push({
      kind, q, ms, total, top,
      entry_ms: t0,
      page_load_ms: navMs,
      first_query_bytes: sum(after), // everything this fresh page loaded for search: entry + query
      first_query_files: after.size,
      query_bytes: sum(after) - sum(before), // what the query itself added (shards + chunks)
      query_files: after.size - before.size,
    });
  }

  // Warm: one page; each query once untimed (loads everything), then the timed passes.
  await page.goto(url);
  for (const { q } of queries) await page.eval(timed(q));
  await page.idle();
  const warm = queries.map(({ kind, q }) => ({ kind, q, ms: [] }));
  for (let pass = 0; pass < opts.passes; pass++) {
    for (const w of warm) w.ms.push((await page.eval(timed(w.q)))[0]);
  }
  const warmLoaded = searchFilesOf(opts.out, page.requested);

  if (page.problems.length) throw new Error("problems in the page:\n  " + [...new Set(page.problems)].join("\n  "));
  killBrowser();
  clearTimeout(deadline);

  const result = {
    site: opts.out,
    page: pageRel,
    pages: text.pages,
    browser: version,
    queries: queries.length,
    warm_passes: opts.passes,
    index,
    first_query_bytes: stats(cold.map((c) => c.first_query_bytes)),
    query_bytes: stats(cold.map((c) => c.query_bytes)),
    entry_ms: stats(cold.map((c) => c.entry_ms)),
    cold_ms: stats(cold.map((c) => c.ms)),
    first_query_ms: stats(cold.map((c) => c.entry_ms + c.ms)),
    warm_ms: stats(warm.flatMap((w) => w.ms)),
    all_queries_bytes: [...warmLoaded.values()].reduce((n, s) => n + s, 0),
    no_hits: cold.filter((c) => c.total === 0).map((c) => c.q),
    seconds: (Date.now() - started) / 1000,
    cold,
    warm: warm.map((w) => ({ ...w, median_ms: median(w.ms) })),
  };
  console.log(markdown(result));
  if (opts.json) writeFileSync(opts.json, JSON.stringify(result, null, 2) + "\n");
  return 0;
}

// ------------------------------------------------------------------ report

function kb(bytes) {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(2)} MB` : `${(bytes / 1024).toFixed(1)} KB`;
}
const ms = (v) => (v === null ? "–" : v.toFixed(v < 10 ? 2 : 1));

function markdown(r) {
  const kinds = {};
  for (const c of r.cold) kinds[c.kind] = (kinds[c.kind] || 0) + 1;
  const mix = Object.entries(kinds).map(([k, n]) => `${n} ${k}`).join(", ");
  const i = r.index;
  return [
    `### quire search: ${r.pages} pages (${r.queries} queries: ${mix}; ${r.browser.match(/(Headless)?Chrome\/[\d.]+/)?.[0] || "Chromium"}; on ${r.page.split(sep).join("/")})`,
    "",
    "| measure | value |",
    "|---|---:|",
    `| index on disk (search/) | ${kb(i.bytes)} in ${i.files} files |`,
    `| entry / term shards / page-data chunks | ${kb(i.entry_bytes)} / ${kb(i.term_shard_bytes)} in ${i.term_shards} / ${kb(i.doc_chunk_bytes)} in ${i.doc_chunks} |`,
    `| first query, bytes loaded (entry + shards + chunks): median / max | ${kb(r.first_query_bytes.median)} / ${kb(r.first_query_bytes.max)} |`,
    `| … of which the query itself (without the entry): median / max | ${kb(r.query_bytes.median)} / ${kb(r.query_bytes.max)} |`,
    `| all ${r.queries} queries together | ${kb(r.all_queries_bytes)} (${((100 * r.all_queries_bytes) / i.bytes).toFixed(1)}% of the index) |`,
    `| entry load ms: median / p95 | ${ms(r.entry_ms.median)} / ${ms(r.entry_ms.p95)} |`,
    `| cold query ms (entry loaded, shards not): median / p95 | ${ms(r.cold_ms.median)} / ${ms(r.cold_ms.p95)} |`,
    `| first query on a fresh page ms (entry + cold query): median / p95 | ${ms(r.first_query_ms.median)} / ${ms(r.first_query_ms.p95)} |`,
    `| warm query ms (${r.warm_passes} passes × ${r.queries}): median / p95 | ${ms(r.warm_ms.median)} / ${ms(r.warm_ms.p95)} |`,
    `| queries without hits | ${r.no_hits.length ? r.no_hits.map((q) => "`" + q + "`").join(", ") : "none"} |`,
  ].join("\n");
}

// ------------------------------------------------------------------ start (last: everything above is defined)

if (typeof globalThis.WebSocket === "undefined") {
  // Node 20 has WebSocket only with --experimental-websocket: run this script again with it.
  if (process.env.QUIRE_SEARCH_BENCH_REEXEC) {
    console.error("search_bench: this Node has no WebSocket, even with --experimental-websocket (Node >= 20.10 needed)");
    process.exit(2);
  }
  const child = spawn(process.execPath, ["--experimental-websocket", ...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)], {
    stdio: "inherit",
    env: { ...process.env, QUIRE_SEARCH_BENCH_REEXEC: "1" },
  });
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => child.kill(sig));
  child.on("error", (e) => { console.error("search_bench: " + e.message); process.exit(2); });
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
} else {
  process.on("exit", killBrowser);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"]) process.on(sig, () => { console.error(`search_bench: ${sig}`); finish(130); });
  process.on("uncaughtException", (err) => { console.error("search_bench: " + (err.stack || err)); finish(1); });
  main().then(
    (code) => finish(code),
    (err) => {
      console.error("search_bench: " + (err && err.stack ? err.stack : err));
      finish(1);
    },
  );
}
