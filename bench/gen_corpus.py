#!/usr/bin/env python3
"""Deterministic benchmark corpus for quire and its peers (issue 7).

    python3 bench/gen_corpus.py N OUT_DIR [--sections S] [--seed SEED]

Writes the same N topic pages four times:

    OUT_DIR/site.yaml, OUT_DIR/content/   a quire site
    OUT_DIR/hugo/                          a Hugo site  (chroma highlighting with CSS classes)
    OUT_DIR/zola/                          a Zola site  (highlighting, build_search_index; config.toml
                                           for Zola >= 0.22, config-legacy.toml for older)
    OUT_DIR/mdbook/                        an mdBook    (highlight.js, search on)

Every page has front matter (title, weight, summary, tags, related), 800-1500 words of prose drawn
from a made-up Zipf-distributed vocabulary, h2/h3 headings, a table, 2-4 fenced code blocks in
several languages, and relative links to other pages, some with `#anchor`s to headings that exist.
Output depends only on N, S and the seed (no clock, no hash randomisation, sorted iteration).
Pages are generated and written one at a time (only their plans stay in memory, ~340 MB at 100,000
pages); an interrupted run leaves OUT_DIR/.bench-corpus-partial and the next run replaces it.
Python 3 standard library only.
"""

import argparse
import json
import os
import random
import re
import shutil
import sys

GENERATOR_VERSION = 2
MARKER = ".bench-corpus.json"  # written last: a corpus with it is complete
PARTIAL = ".bench-corpus-partial"  # written first, removed at the end: an interrupted run's leftovers

FUNCTION_WORDS = (
    "the of and to a in is that for it with as on by this be are from or an when which each can "
    "not but its into than then so if at all one more only also any both such these those most "
    "while after before through between under over without within per"
).split()

FUNCTION_CUM = []
for _rank, _ in enumerate(FUNCTION_WORDS, start=1):
    FUNCTION_CUM.append((FUNCTION_CUM[-1] if FUNCTION_CUM else 0.0) + 1.0 / _rank)

# Rare non-ASCII words so the search index sees some Unicode.
UNICODE_WORDS = "naïve café façade Zürich über résumé smörgåsbord jalapeño coöperate déjà".split()

ONSETS = (
    "b bl br c ch cl cr d dr f fl fr g gl gr h j k kl kr l m n p pl pr qu r s sc sh sk sl sm sn sp "
    "st str t th tr v w wh z"
).split()
NUCLEI = "a e i o u y ai au ea ee ie io oa oo ou".split()
CODAS = "b ck d f g k l ll m n nd ng nk nt p r rd rk rn s sh ss st t th x z".split()

TEXT_BLOCK_CHANCE = 0.15


class Lexicon:
    """A made-up vocabulary with Zipf-like frequencies, built once from the seed."""

    def __init__(self, seed, size=20000):
        rng = random.Random(f"quire-bench-lexicon-{seed}")
        words, seen = [], set(FUNCTION_WORDS)
        while len(words) < size:
            syllables = rng.choice((1, 2, 2, 2, 3, 3, 4))
            word = "".join(
                rng.choice(ONSETS) + rng.choice(NUCLEI) + (rng.choice(CODAS) if rng.random() < 0.5 else "")
                for _ in range(syllables)
            )
            if 3 <= len(word) <= 14 and word not in seen:
                seen.add(word)
                words.append(word)
        self.words = words
        total, cum = 0.0, []
        for rank in range(1, size + 1):
            total += 1.0 / (rank + 20) ** 1.05  # flattened head: function words are the real head
            cum.append(total)
        self.cum = cum
        self.tags = words[40:120]

    def content(self, rng, k):
        return rng.choices(self.words, cum_weights=self.cum, k=k)

    def word(self, rng):
        return self.content(rng, 1)[0]

    def ident(self, rng):
        a, b = self.content(rng, 2)
        return f"{a}_{b}" if rng.random() < 0.6 else a

    def camel(self, rng):
        return "".join(w.capitalize() for w in self.content(rng, 2))

    def title(self, rng, lo=2, hi=4):
        words = self.content(rng, rng.randint(lo, hi))
        return " ".join([words[0].capitalize()] + words[1:])


def gh_id(text):
    """Heading id as the contract says (GitHub-style); Hugo's and mdBook's agree for our headings."""
    out = []
    for ch in text.lower():
        if ch.isalnum() or ch in "-_":
            out.append(ch)
        elif ch == " ":
            out.append("-")
    return "".join(out)


def zola_id(text):
    """Zola's default anchor slug (the `slug` crate): ASCII alnum kept, runs of others become '-'."""
    out, dash = [], True
    for ch in text.lower():
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).rstrip("-")


class PagePlan:
    """What other pages need to know about a page before its body is written (N of them live at once)."""

    __slots__ = ("index", "section", "slug", "title", "weight", "headings")

    def __init__(self, index, section, slug, title, weight):
        self.index, self.section, self.slug, self.title, self.weight = index, section, slug, title, weight
        self.headings = []  # (level, markdown text, plain text, gh id, zola id)

    @property
    def key(self):
        return f"{self.section}/{self.slug}"


def heading_text(lex, rng):
    """Heading markdown and its plain text; some carry code spans and punctuation."""
    roll = rng.random()
    if roll < 0.15:
        ident = lex.ident(rng)
        verb = rng.choice(["Tuning", "Inside", "Using", "Reading", "How"])
        tail = lex.word(rng)
        return f"{verb} `{ident}` {tail}", f"{verb} {ident} {tail}"
    if roll < 0.25:
        text = f"Why does {lex.word(rng)} {lex.word(rng)}?"
    elif roll < 0.33:
        text = f"{lex.word(rng).capitalize()}: the {lex.word(rng)}"
    elif roll < 0.40:
        text = f"{lex.word(rng).capitalize()} & {lex.word(rng)}"
    elif roll < 0.46:
        text = f"Step {rng.randint(1, 9)} of the {lex.word(rng)}"
    elif roll < 0.50:
        text = f"{lex.word(rng).capitalize()} ({lex.word(rng)}) {lex.word(rng)}"
    else:
        text = lex.title(rng, 2, 5)
    return text, text


def plan_site(lex, n, n_sections, seed):
    rng = random.Random(f"quire-bench-plan-{seed}-{n}-{n_sections}")
    sections, used = [], set()
    while len(sections) < n_sections:
        slug = "-".join(lex.content(rng, rng.choice((1, 2))))
        if slug not in used:
            used.add(slug)
            sections.append({"slug": slug, "title": slug.replace("-", " ").title(), "weight": len(sections) + 1})
    pages = []
    slugs = set()
    for i in range(n):
        sec = sections[i * n_sections // n]["slug"]
        prng = random.Random(f"quire-bench-page-{seed}-{i}")
        title = lex.title(prng)
        slug = "-".join(w for w in title.lower().split())
        if (sec, slug) in slugs:
            slug = f"{slug}-{i}"
        slugs.add((sec, slug))
        first = pages[-1].section != sec if pages else True
        weight = 1 if first else pages[-1].weight + 1
        plan = PagePlan(i, sec, slug, title, weight)
        ids = {gh_id(title)}
        zids = {zola_id(title)}
        for _ in range(prng.randint(4, 7)):
            plan_heading(lex, prng, plan, 2, ids, zids)
            for _ in range(prng.choice((0, 0, 1, 2))):
                plan_heading(lex, prng, plan, 3, ids, zids)
        pages.append(plan)
    return sections, pages


def plan_heading(lex, rng, plan, level, ids, zids):
    for _ in range(20):
        md, plain = heading_text(lex, rng)
        gid, zid = gh_id(plain), zola_id(plain)
        zid = gid if zid == gid else zid  # one string, not two equal ones: less memory at 100,000 pages
        # Unique under both schemes, and never a "-N" suffix look-alike.
        if gid and zid and gid not in ids and zid not in zids and not gid.rsplit("-", 1)[-1].isdigit():
            ids.add(gid)
            zids.add(zid)
            plan.headings.append((level, md, plain, gid, zid))
            return


def link_marker(target, anchor):
    """A link target placeholder, rendered per flavour by corpus_peers.render_links."""
    if target is None:
        return f"\x00self|{anchor[0]}|{anchor[1]}\x00"
    gh, zo = anchor if anchor else ("", "")
    return f"\x00{target}|{gh}|{zo}\x00"


class BodyWriter:
    """Writes one page body (flavour-neutral Markdown with link placeholders)."""

    def __init__(self, lex, rng, plan, pages, by_section):
        self.lex, self.rng, self.plan, self.pages, self.by_section = lex, rng, plan, pages, by_section
        self.words = 0

    def pick_target(self):
        rng = self.rng
        if rng.random() < 0.6:
            pool = self.by_section[self.plan.section]
            if len(pool) > 1:
                while True:
                    t = pool[rng.randrange(len(pool))]
                    if t != self.plan.index:
                        return t
        while True:
            t = rng.randrange(len(self.pages))
            if t != self.plan.index or len(self.pages) == 1:
                return t

    def link(self):
        rng = self.rng
        if rng.random() < 0.1 and self.plan.headings:
            h = rng.choice(self.plan.headings)
            return f"[{h[2].lower()}]({link_marker(None, (h[3], h[4]))})"
        t = self.pick_target()
        if t == self.plan.index:
            return self.lex.word(rng)
        target = self.pages[t]
        if rng.random() < 0.3 and target.headings:
            h = rng.choice(target.headings)
            return f"[{h[2].lower()}]({link_marker(t, (h[3], h[4]))})"
        return f"[{target.title.lower()}]({link_marker(t, None)})"

    def sentence(self, lo=7, hi=22, links=True):
        rng, lex = self.rng, self.lex
        n = rng.randint(lo, hi)
        words = []
        content = lex.content(rng, n)
        for i in range(n):
            r = rng.random()
            if r < 0.38:
                words.append(rng.choices(FUNCTION_WORDS, cum_weights=FUNCTION_CUM)[0])
            elif r < 0.385:
                words.append(rng.choice(UNICODE_WORDS))
            elif r < 0.40:
                words.append(f"`{lex.ident(rng)}`")
            elif r < 0.41:
                words.append(f"**{content[i]}**")
            elif r < 0.42:
                words.append(f"*{content[i]}*")
            else:
                words.append(content[i])
        self.words += n
        if n > 9 and rng.random() < 0.35:
            k = rng.randint(3, n - 4)
            words[k] += ","
        if links and rng.random() < 0.06:
            words.insert(rng.randint(1, n), self.link())
            self.words += 2
        first = words[0]
        words[0] = first[0].upper() + first[1:] if first[0].isalpha() else first
        return " ".join(words) + rng.choice(".......?!")

    def paragraph(self):
        return " ".join(self.sentence() for _ in range(self.rng.randint(2, 5)))

    def bullet_list(self):
        return "\n".join(f"- {self.sentence(4, 12)}" for _ in range(self.rng.randint(3, 6)))

    def note(self):
        kind = self.rng.choice(["NOTE", "TIP", "WARNING", "IMPORTANT", "CAUTION"])
        return f"> [!{kind}]\n> {self.sentence()} {self.sentence()}"

    def table(self):
        rng, lex = self.rng, self.lex
        cols = rng.randint(3, 5)
        head = [lex.word(rng).capitalize() for _ in range(cols)]
        lines = ["| " + " | ".join(head) + " |", "|" + "|".join(["---"] * cols) + "|"]
        for _ in range(rng.randint(3, 8)):
            cells = [f"`{lex.ident(rng)}`"]
            for _ in range(cols - 1):
                r = rng.random()
                cells.append(str(rng.randint(0, 9999)) if r < 0.3 else " ".join(lex.content(rng, rng.randint(1, 4))))
            self.words += cols
            lines.append("| " + " | ".join(cells) + " |")
        return "\n".join(lines)

    def body(self, target_words):
        rng = self.rng
        headings = self.plan.headings
        n_code = rng.randint(2, 4)
        h2_slots = [i for i, h in enumerate(headings) if h[0] == 2]
        code_after = set(rng.sample(range(len(headings)), min(n_code, len(headings))))
        table_after = rng.choice(h2_slots)
        list_after = rng.choice(h2_slots)
        note_after = rng.choice(h2_slots) if rng.random() < 0.4 else -1
        blocks = [self.paragraph()]
        per_heading = (target_words - self.words) / max(1, len(headings))
        budget = self.words
        for i, (level, md, _plain, _gid, _zid) in enumerate(headings):
            blocks.append(f"{'#' * level} {md}")
            budget += per_heading
            blocks.append(self.paragraph())
            if i == table_after:
                blocks.append(self.table())
            if i == list_after:
                blocks.append(self.bullet_list())
            if i in code_after:
                lang, code = code_block(self.lex, rng)
                blocks.append(f"```{lang}\n{code}\n```")
                if lang != "python" and rng.random() < TEXT_BLOCK_CHANCE:
                    blocks.append(f"```text\n{self.sentence(4, 10, links=False)}\n```")
            if i == note_after:
                blocks.append(self.note())
            while self.words < budget - 30:
                blocks.append(self.paragraph())
        while self.words < target_words - 30:
            blocks.append(self.paragraph())
        return "\n\n".join(blocks) + "\n"


def summary(lex, rng):
    words = lex.content(rng, rng.randint(8, 14))
    return " ".join([words[0].capitalize()] + words[1:]) + "."


def build_corpus(n, n_sections, seed):
    """What every page needs to know before any body is written: sections, page plans, home page.

    The pages themselves come one at a time from corpus_pages, so memory does not grow with N's text.
    """
    lex = Lexicon(seed)
    sections, plans = plan_site(lex, n, n_sections, seed)
    by_section = {}
    for p in plans:
        by_section.setdefault(p.section, []).append(p.index)
    srng = random.Random(f"quire-bench-sections-{seed}")
    for sec in sections:
        sec["description"] = summary(lex, srng)
        sec["body"] = BodyWriter(lex, srng, PagePlan(-1, sec["slug"], "", "", 0), plans, by_section).paragraph()
    home = {
        "title": f"Benchmark corpus ({n} pages)",
        "description": summary(lex, srng),
        "body": "\n\n".join(
            BodyWriter(lex, srng, PagePlan(-1, "", "", "", 0), plans, by_section).sentence(links=False)
            for _ in range(6)
        )
        + "\n",
    }
    return {"n": n, "seed": seed, "lex": lex, "sections": sections, "plans": plans, "by_section": by_section,
            "home": home}


def corpus_pages(corpus):
    """Each topic page's text, in plan order, one at a time (each from its own seeded generator)."""
    lex, plans, by_section, seed = corpus["lex"], corpus["plans"], corpus["by_section"], corpus["seed"]
    for plan in plans:
        rng = random.Random(f"quire-bench-body-{seed}-{plan.index}")
        writer = BodyWriter(lex, rng, plan, plans, by_section)
        body = writer.body(rng.randint(800, 1500))
        tags = sorted(set(rng.sample(lex.tags, rng.randint(2, 4))))
        related = []
        for _ in range(rng.randint(2, 4)):
            t = writer.pick_target()
            if t != plan.index and t not in related:
                related.append(t)
        yield {"plan": plan, "summary": summary(lex, rng), "tags": tags, "related": related, "body": body}


# --------------------------------------------------------------------------- code blocks

CODE = {
    "python": (
        "import {mod}\nfrom {mod2} import {Camel}\n\n\ndef {fn}({a}, {b}=None):\n"
        '    """{comment}."""\n    {v} = []',
        [
            "    for {i} in range({n}):\n        if {i} % {m} == 0:\n            {v}.append({a}.{meth}({i}))",
            '    {x} = {{"{k}": {n}, "{k2}": "{w}"}}\n    {v}.extend({x}.values())',
            "    # {comment}\n    {x} = [{i} * {n} for {i} in {v} if {i}]",
            "    try:\n        {x} = {b}.{meth}()\n    except {Camel}Error as exc:\n"
            '        raise ValueError(f"{w}: {{exc}}") from exc',
            '    with open("{w}.txt", encoding="utf-8") as fh:\n        {v} += fh.read().split()',
            "    while {v} and len({v}) > {n}:\n        {v}.pop()",
        ],
        "    return {v}",
    ),
    "rust": (
        "use std::collections::HashMap;\n\n/// {comment}.\n"
        "pub fn {fn}({a}: &[u32], {b}: &str) -> Vec<u32> {{\n    let mut {v} = Vec::new();",
        [
            "    for {i} in 0..{n} {{\n        if {i} % {m} == 0 {{\n"
            "            {v}.push({a}[{i} % {a}.len().max(1)]);\n        }}\n    }}",
            '    let mut {x}: HashMap<&str, u32> = HashMap::new();\n    {x}.insert("{k}", {n});\n'
            "    {v}.extend({x}.values().copied());",
            "    // {comment}\n    let {x}: Vec<u32> = {v}.iter().map(|{i}| {i} * {n}).collect();\n"
            "    {v}.extend_from_slice(&{x});",
            "    match {b}.len() {{\n        0 => return {v},\n        {n} => {v}.push({m}),\n"
            "        _ => {v}.sort_unstable(),\n    }}",
            "    if let Some({x}) = {a}.iter().max() {{\n        {v}.retain(|&{i}| {i} <= *{x});\n    }}",
        ],
        "    {v}\n}}",
    ),
    "js": (
        "// {comment}\nexport function {fnCamel}({a}, {b} = {{}}) {{\n  const {v} = [];",
        [
            "  for (let {i} = 0; {i} < {n}; {i}++) {{\n    if ({i} % {m} === 0) {v}.push({a}.{meth}({i}));\n  }}",
            '  const {x} = {{ {k}: {n}, {k2}: "{w}" }};\n  Object.values({x}).forEach((item) => {v}.push(item));',
            "  const {x} = {v}.filter(Boolean).map((item) => item * {n});\n  console.log(`{w}: ${{{x}.length}}`);",
            '  try {{\n    {v}.push(JSON.parse({b}.{k} ?? "null"));\n  }} catch (err) {{\n'
            '    throw new Error("{w}: " + err.message);\n  }}',
            '  document.querySelectorAll(".{w}").forEach((el) => {{\n    el.dataset.{k} = String({n});\n  }});',
        ],
        "  return {v};\n}}",
    ),
    "bash": (
        '#!/usr/bin/env bash\nset -euo pipefail\n# {comment}\n{X}="${{1:-{w}}}"',
        [
            'for {i} in $(seq 1 {n}); do\n  if (( {i} % {m} == 0 )); then\n    echo "{w} ${{{i}}}"\n  fi\ndone',
            'if [[ -f "${{{X}}}.conf" ]]; then\n  source "${{{X}}}.conf"\nfi',
            "{x}=$(grep -c '{w}' \"${{{X}}}\" || true)\necho \"{k}: ${{{x}}}\"",
            "{fn}() {{\n  local {a}=\"$1\"\n  printf '%s\\n' \"${{{a}}}\" | tr '[:lower:]' '[:upper:]'\n}}\n{fn} \"{w}\"",
            "find . -name '*.{k}' -print0 | xargs -0 -n {m} {w}",
        ],
        "exit 0",
    ),
    "yaml": (
        "# {comment}\n{k}:",
        [
            "  {x}:\n    enabled: true\n    {k2}: {n}\n    items:\n      - {w}\n      - {w2}",
            '  {x}: "{w} {w2}"',
            "  {x}: [{w}, {w2}, {n}]",
        ],
        "version: {m}",
    ),
    "c": (
        "#include <stdio.h>\n#include <stdlib.h>\n\n/* {comment} */\n"
        "int {fn}(const int *{a}, size_t len) {{\n    int {v} = 0;",
        [
            "    for (size_t {i} = 0; {i} < len; {i}++) {{\n        if ({a}[{i}] % {m} == 0) {{\n"
            "            {v} += {a}[{i}];\n        }}\n    }}",
            '    if ({v} > {n}) {{\n        fprintf(stderr, "{w}: %d\\n", {v});\n        return -1;\n    }}',
            "    {v} = ({v} << {m}) ^ {n};",
        ],
        "    return {v};\n}}",
    ),
    "go": (
        'package {k}\n\nimport "fmt"\n\n// {Fn} {comment}.\nfunc {Fn}({a} []int, {b} string) ([]int, error) {{\n\tvar {v} []int',
        [
            "\tfor {i} := 0; {i} < {n}; {i}++ {{\n\t\tif {i}%{m} == 0 {{\n\t\t\t{v} = append({v}, {i})\n\t\t}}\n\t}}",
            '\tif {b} == "" {{\n\t\treturn nil, fmt.Errorf("{w}: empty %s", "{k2}")\n\t}}',
            '\t{x} := map[string]int{{"{k}": {n}}}\n\tfor _, val := range {x} {{\n\t\t{v} = append({v}, val)\n\t}}',
        ],
        "\treturn {v}, nil\n}}",
    ),
    "sql": (
        "-- {comment}",
        [
            "SELECT {a}, {b}, COUNT(*) AS {x}\nFROM {k}\nWHERE {a} > {n} AND {b} LIKE '{w}%'\n"
            "GROUP BY {a}, {b}\nORDER BY {x} DESC;",
            "CREATE TABLE {k2} (\n    id INTEGER PRIMARY KEY,\n    {a} TEXT NOT NULL,\n    {b} INTEGER DEFAULT {n}\n);",
            "UPDATE {k} SET {a} = '{w}' WHERE id = {n};",
        ],
        "",
    ),
    "java": (
        "public final class {Camel} {{\n    /** {comment}. */\n    public static int {fnCamel}(int[] {a}) {{\n"
        "        int {v} = 0;",
        [
            "        for (int {i} = 0; {i} < {a}.length; {i}++) {{\n            if ({a}[{i}] % {m} == 0) {{\n"
            "                {v} += {a}[{i}];\n            }}\n        }}",
            '        System.out.println("{w}: " + {v});',
        ],
        "        return {v};\n    }}\n}}",
    ),
}
LANGS = ["python", "rust", "js", "bash", "yaml", "json", "c", "go", "sql", "java"]
LANG_WEIGHTS = [6, 5, 4, 4, 2, 1, 1, 1, 1, 1]


def code_names(lex, rng):
    ws = lex.content(rng, 12)
    return {
        "fn": f"{ws[0]}_{ws[1]}",
        "fnCamel": ws[0] + ws[1].capitalize(),
        "Fn": ws[0].capitalize() + ws[1].capitalize(),
        "Camel": lex.camel(rng),
        "a": ws[2],
        "b": ws[3],
        "v": f"{ws[4]}_{ws[5]}",
        "i": ws[6][:3],
        "x": lex.ident(rng),
        "X": lex.ident(rng).upper(),
        "k": ws[7],
        "k2": ws[8],
        "w": ws[9],
        "w2": ws[10],
        "meth": lex.ident(rng),
        "mod": ws[11],
        "mod2": lex.word(rng),
        "n": rng.randint(2, 999),
        "m": rng.randint(2, 9),
        "comment": " ".join(lex.content(rng, rng.randint(4, 10))).capitalize(),
    }


def json_block(lex, rng):
    def value(depth):
        r = rng.random()
        if depth < 2 and r < 0.3:
            return {lex.word(rng): value(depth + 1) for _ in range(rng.randint(1, 3))}
        if r < 0.5:
            return [lex.word(rng) for _ in range(rng.randint(1, 3))]
        if r < 0.75:
            return rng.randint(0, 10000)
        return " ".join(lex.content(rng, rng.randint(1, 4)))

    return json.dumps({lex.word(rng): value(0) for _ in range(rng.randint(3, 6))}, indent=2, ensure_ascii=False)


def code_block(lex, rng):
    """(language, code) for one fenced block, 4-30 lines."""
    lang = rng.choices(LANGS, weights=LANG_WEIGHTS)[0]
    if lang == "json":
        return lang, json_block(lex, rng)
    header, chunks, footer = CODE[lang]
    names = code_names(lex, rng)
    parts = [header.format(**names)]
    for chunk in rng.sample(chunks, rng.randint(1, min(4, len(chunks)))):
        local = dict(names, **{k: v for k, v in code_names(lex, rng).items() if k in ("x", "k", "k2", "w", "n", "m", "i")})
        parts.append(chunk.format(**local))
    if footer:
        parts.append(footer.format(**names))
    return lang, "\n".join(parts)


# --------------------------------------------------------------------------- writers


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def q(s):
    """A double-quoted string valid in YAML and TOML (JSON escapes)."""
    return json.dumps(s, ensure_ascii=False)


def qlist(items):
    return "[" + ", ".join(q(s) for s in items) + "]"


LINK_RE = re.compile("\x00([^|\x00]+)\\|([^|\x00]*)\\|([^|\x00]*)\x00")


def render_links(text, section, plans, flavour):
    """Turn link placeholders into the flavour's link syntax (see link_marker)."""

    def sub(m):
        target, gh, zo = m.group(1), m.group(2), m.group(3)
        if target == "self":
            return "#" + (zo if flavour == "zola" else gh)
        p = plans[int(target)]
        if flavour == "md":
            path = f"{p.slug}.md" if p.section == section else f"../{p.section}/{p.slug}.md"
            return path + (f"#{gh}" if gh else "")
        if flavour == "hugo":
            return '{{< relref "/' + f"{p.key}.md" + (f"#{gh}" if gh else "") + '" >}}'
        return f"@/{p.key}.md" + (f"#{zo}" if zo else "")

    return LINK_RE.sub(sub, text)


def related_paths(page, plans):
    me = page["plan"]
    return [plans[t].slug if plans[t].section == me.section else f"../{plans[t].section}/{plans[t].slug}" for t in page["related"]]


def yaml_page(page, plans, body):
    p = page["plan"]
    return (
        f"---\ntitle: {q(p.title)}\nweight: {p.weight}\nsummary: {q(page['summary'])}\n"
        f"tags: {qlist(page['tags'])}\nrelated: {qlist(related_paths(page, plans))}\n---\n\n{body}"
    )


def write_yaml_sections(content, corpus, style):
    """The home page and sections as Markdown with YAML front matter (quire and Hugo), links in `style`."""
    plans, home = corpus["plans"], corpus["home"]
    write(
        os.path.join(content, "_index.md"),
        f"---\ntitle: {q(home['title'])}\ndescription: {q(home['description'])}\n---\n\n{home['body']}",
    )
    for sec in corpus["sections"]:
        body = render_links(sec["body"], sec["slug"], plans, style)
        write(
            os.path.join(content, sec["slug"], "_index.md"),
            f"---\ntitle: {q(sec['title'])}\nweight: {sec['weight']}\ndescription: {q(sec['description'])}\n---\n\n{body}\n",
        )


def write_yaml_page(content, corpus, page, style):
    p = page["plan"]
    body = render_links(page["body"], p.section, corpus["plans"], style)
    write(os.path.join(content, p.section, p.slug + ".md"), yaml_page(page, corpus["plans"], body))


def write_quire(out, corpus):
    home = corpus["home"]
    write(os.path.join(out, "site.yaml"), f"title: {q(home['title'])}\nbase_url: \"https://example.com/bench/\"\n")
    write_yaml_sections(os.path.join(out, "content"), corpus, "md")


def write_quire_page(out, corpus, page):
    write_yaml_page(os.path.join(out, "content"), corpus, page, "md")


HUGO_TOML = """baseURL = "https://example.com/bench/"
title = {title}
languageCode = "en"
pygmentsUseClasses = true
disableKinds = ["RSS"]

[markup.highlight]
  codeFences = true
  noClasses = false
  guessSyntax = false

[markup.goldmark.renderer]
  unsafe = true

[markup.tableOfContents]
  startLevel = 2
  endLevel = 3
"""

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{{ .Title }} | {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
<link rel="stylesheet" href="{{ "syntax.css" | relURL }}">
</head>
<body>
<nav><a href="{{ .Site.Home.RelPermalink }}">{{ .Site.Title }}</a>{{ range .Site.Sections }} <a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
<main>{{ block "main" . }}{{ end }}</main>
</body>
</html>
""",
    "_default/single.html": """{{ define "main" }}<article>
<h1>{{ .Title }}</h1>
<ul>{{ range .GetTerms "tags" }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>
{{ .TableOfContents }}
{{ .Content }}
</article>
<nav>{{ with .PrevInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }} {{ with .NextInSection }}<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}</nav>
{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Params.summary }}</li>{{ end }}</ul>
{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ .Content }}
{{ range .Site.Sections }}<h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>
{{ end }}{{ end }}
""",
}

SYNTAX_CSS = """.chroma { background: #f7f7f7; }
.chroma .k, .chroma .kd, .chroma .kn, .chroma .kr { color: #a626a4; }
.chroma .s, .chroma .s1, .chroma .s2, .chroma .sd { color: #50a14f; }
.chroma .c, .chroma .c1, .chroma .cm { color: #a0a1a7; font-style: italic; }
.chroma .nf, .chroma .nx { color: #4078f2; }
.chroma .m, .chroma .mi { color: #986801; }
"""


def write_hugo(out, corpus):
    home = corpus["home"]
    write(os.path.join(out, "hugo.toml"), HUGO_TOML.format(title=q(home["title"])))
    for name, text in HUGO_LAYOUTS.items():
        write(os.path.join(out, "layouts", name), text)
    write(os.path.join(out, "static", "syntax.css"), SYNTAX_CSS)
    write_yaml_sections(os.path.join(out, "content"), corpus, "hugo")


def write_hugo_page(out, corpus, page):
    write_yaml_page(os.path.join(out, "content"), corpus, page, "hugo")


ZOLA_COMMON = """base_url = "https://example.com/bench"
title = {title}
compile_sass = false
build_search_index = true

[search]
include_title = true
include_content = true
"""

# Zola 0.22 moved highlighting to [markdown.highlighting] (Giallo); run.py picks the file by version.
ZOLA_HIGHLIGHT = """
[markdown.highlighting]
style = "class"
theme = "github-dark"
"""

ZOLA_HIGHLIGHT_LEGACY = """
[markdown]
highlight_code = true
highlight_theme = "css"
highlight_themes_css = [{ theme = "base16-ocean-dark", filename = "syntax.css" }]
"""

ZOLA_TEMPLATES = {
    "base.html": """<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<link rel="stylesheet" href="{{ config.base_url }}/syntax.css">
</head>
<body>
<nav><a href="{{ config.base_url }}/">{{ config.title }}</a>
{%- set root = get_section(path="_index.md", metadata_only=true) %}
{%- for s in root.subsections %}{% set sub = get_section(path=s, metadata_only=true) %} <a href="{{ sub.permalink }}">{{ sub.title }}</a>{% endfor %}</nav>
<main>{% block content %}{% endblock %}</main>
</body>
</html>
""",
    "page.html": """{% extends "base.html" %}
{% block title %}{{ page.title }} | {{ config.title }}{% endblock %}
{% block content %}<article>
<h1>{{ page.title }}</h1>
<nav class="toc"><ul>{% for h in page.toc %}<li><a href="#{{ h.id }}">{{ h.title }}</a>{% if h.children %}<ul>{% for c in h.children %}<li><a href="#{{ c.id }}">{{ c.title }}</a></li>{% endfor %}</ul>{% endif %}</li>{% endfor %}</ul></nav>
{{ page.content | safe }}
</article>
<nav>{% if page.lower %}<a href="{{ page.lower.permalink }}">{{ page.lower.title }}</a>{% endif %} {% if page.higher %}<a href="{{ page.higher.permalink }}">{{ page.higher.title }}</a>{% endif %}</nav>
{% endblock %}
""",
    "section.html": """{% extends "base.html" %}
{% block title %}{{ section.title }} | {{ config.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
<ul>{% for p in section.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a> {{ p.description }}</li>{% endfor %}</ul>
{% endblock %}
""",
    "index.html": """{% extends "base.html" %}
{% block content %}<h1>{{ section.title }}</h1>
{{ section.content | safe }}
{% for s in section.subsections %}{% set sub = get_section(path=s) %}<h2><a href="{{ sub.permalink }}">{{ sub.title }}</a></h2>
<ul>{% for p in sub.pages %}<li><a href="{{ p.permalink }}">{{ p.title }}</a></li>{% endfor %}</ul>
{% endfor %}{% endblock %}
""",
}


def write_zola(out, corpus):
    plans, home = corpus["plans"], corpus["home"]
    common = ZOLA_COMMON.format(title=q(home["title"]))
    write(os.path.join(out, "config.toml"), common + ZOLA_HIGHLIGHT)
    write(os.path.join(out, "config-legacy.toml"), common + ZOLA_HIGHLIGHT_LEGACY)
    for name, text in ZOLA_TEMPLATES.items():
        write(os.path.join(out, "templates", name), text)
    content = os.path.join(out, "content")
    write(
        os.path.join(content, "_index.md"),
        f"+++\ntitle = {q(home['title'])}\ndescription = {q(home['description'])}\nsort_by = \"weight\"\n+++\n\n{home['body']}",
    )
    for sec in corpus["sections"]:
        body = render_links(sec["body"], sec["slug"], plans, "zola")
        write(
            os.path.join(content, sec["slug"], "_index.md"),
            f"+++\ntitle = {q(sec['title'])}\nweight = {sec['weight']}\ndescription = {q(sec['description'])}\n"
            f"sort_by = \"weight\"\n+++\n\n{body}\n",
        )


def write_zola_page(out, corpus, page):
    plans, p = corpus["plans"], page["plan"]
    body = render_links(page["body"], p.section, plans, "zola")
    write(
        os.path.join(out, "content", p.section, p.slug + ".md"),
        f"+++\ntitle = {q(p.title)}\nweight = {p.weight}\ndescription = {q(page['summary'])}\n\n"
        f"[extra]\ntags = {qlist(page['tags'])}\nrelated = {qlist(related_paths(page, plans))}\n+++\n\n{body}",
    )


BOOK_TOML = """[book]
title = {title}
language = "en"
src = "src"

[output.html]

[output.html.search]
enable = true
"""


def write_mdbook(out, corpus):
    plans, home = corpus["plans"], corpus["home"]
    write(os.path.join(out, "book.toml"), BOOK_TOML.format(title=q(home["title"])))
    src = os.path.join(out, "src")
    summary = ["# Summary", "", "[Introduction](README.md)", ""]
    write(os.path.join(src, "README.md"), f"# {home['title']}\n\n{home['body']}")
    for sec in corpus["sections"]:
        summary.append(f"- [{sec['title']}]({sec['slug']}/README.md)")
        body = render_links(sec["body"], sec["slug"], plans, "md")
        write(os.path.join(src, sec["slug"], "README.md"), f"# {sec['title']}\n\n{sec['description']}\n\n{body}\n")
        for i in corpus["by_section"].get(sec["slug"], []):
            p = plans[i]
            summary.append(f"  - [{p.title}]({p.section}/{p.slug}.md)")
    write(os.path.join(src, "SUMMARY.md"), "\n".join(summary) + "\n")


def write_mdbook_page(out, corpus, page):
    p = page["plan"]
    body = render_links(page["body"], p.section, corpus["plans"], "md")
    write(os.path.join(out, "src", p.section, p.slug + ".md"), f"# {p.title}\n\n*{page['summary']}*\n\n{body}")


# (subdirectory of OUT_DIR, write the site around the pages, write one page)
FLAVOURS = (
    ("", write_quire, write_quire_page),
    ("hugo", write_hugo, write_hugo_page),
    ("zola", write_zola, write_zola_page),
    ("mdbook", write_mdbook, write_mdbook_page),
)


def default_sections(n):
    return max(2, min(50, n // 200))


def prepare_out(out):
    """Refuse to clobber a directory that is not an earlier (complete or interrupted) corpus."""
    if os.path.exists(out):
        ours = any(os.path.exists(os.path.join(out, m)) for m in (MARKER, PARTIAL))
        if os.listdir(out) and not ours:
            sys.exit(f"gen_corpus: {out} exists and is not a benchmark corpus; refusing to overwrite")
        shutil.rmtree(out)
    os.makedirs(out)
    write(os.path.join(out, PARTIAL), "being written by gen_corpus.py\n")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, help="number of topic pages (1..)")
    ap.add_argument("out", help="output directory (created; an earlier corpus there is replaced)")
    ap.add_argument("--sections", type=int, default=None, help="number of sections (default N/200, 2..50)")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    if args.n < 1:
        ap.error("N must be at least 1")
    n_sections = args.sections or default_sections(args.n)
    n_sections = max(1, min(n_sections, args.n))
    corpus = build_corpus(args.n, n_sections, args.seed)
    prepare_out(args.out)
    roots = [(os.path.join(args.out, sub), write_page) for sub, _site, write_page in FLAVOURS]
    for sub, write_site, _page in FLAVOURS:
        write_site(os.path.join(args.out, sub), corpus)
    words = 0
    for done, page in enumerate(corpus_pages(corpus), start=1):  # one page's text in memory at a time
        words += len(page["body"].split())
        for root, write_page in roots:
            write_page(root, corpus, page)
        if args.n >= 20000 and done % 10000 == 0:
            print(f"gen_corpus: {done} of {args.n} pages written", file=sys.stderr, flush=True)
    marker = {"generator_version": GENERATOR_VERSION, "pages": args.n, "sections": n_sections, "seed": args.seed}
    with open(os.path.join(args.out, MARKER), "w", encoding="utf-8") as f:
        json.dump(marker, f, sort_keys=True)
        f.write("\n")
    os.remove(os.path.join(args.out, PARTIAL))
    print(f"gen_corpus: {args.n} pages in {n_sections} sections, ~{words // args.n} words/page -> {args.out}")


if __name__ == "__main__":
    main()
