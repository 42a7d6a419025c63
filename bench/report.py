"""The Markdown report of a bench/run.py run: its tables and its goals, each "ok" or "MISSED".

The goals are issue 17's (the shipped site's is issue 7's); bench/README.md says what each means.
A goal is checked at the sizes it names; a named size the run did not include is listed as not
measured. Python 3 standard library only.
"""

import os
import statistics

import serve_latency

TOOLS = ("quire", "hugo", "zola", "mdbook")
PEERS = ("hugo", "zola", "mdbook")
MB = 1024 * 1024

SHIPPED_TARGET_MS = 100  # the shipped site, whole process, median
BUILD_RATIO_TARGET = 0.4  # quire's wall time over the fastest peer's that ran at the same size
BUILD_RATIO_PAGES = (1000, 10000)
OUTPUT_TARGET_PAGES = (10000,)  # quire's output (sum of file sizes) no larger than Hugo's
MEMORY_TARGETS_MB = {10000: 250, 100000: 1024}  # quire build's peak RSS
SERVE_TARGET_MS = 50  # save -> reloaded page fetched, median
SERVE_MEMORY_TARGET_MB = 1024  # quire serve's peak RSS (VmHWM), first build and edits included
SERVE_TARGET_PAGES = (10000,)
GROWTH_TARGET = 1.25  # quire's ms/page at the largest size over the smallest: "flat"
GROWTH_PAGES = (1000, 100000)


def fmt(value, spec, missing="–"):
    return missing if value is None else format(value, spec)


def peak_rss_mb(res):
    return max(res.rss_kb) / 1024 if res.rss_kb else None


def skipped_peers(tools, args, n):
    """The installed peers that --peers-max kept from building n pages."""
    return [t for t in PEERS if t in tools and n > args.peers_max]


# --------------------------------------------------------------------------- tables


def build_table(rows):
    lines = [
        "| tool | pages | median wall s | ms/page | CPU s | peak RSS MB | output MB | search index MB | time × quire |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for res in rows:
        if res.error:
            first = res.error.splitlines()[0].split(":")[0]
            lines.append(f"| {res.tool} | {res.pages} | FAILED ({first}) | | | | | | |")
            continue
        quire = next((r for r in rows if r.tool == "quire" and r.pages == res.pages and r.median), None)
        ratio = f"{res.median / quire.median:.2f}×" if quire else "–"
        d = res.as_dict()
        lines.append(
            f"| {res.tool} | {res.pages} | {res.median:.3f} | {res.median * 1000 / res.pages:.2f} | "
            f"{statistics.median(res.cpu):.2f} | "
            f"{fmt(d['peak_rss_mb'], '.0f')} | {fmt(d['output_mb'], '.1f')} | "
            f"{fmt(d['search_index_mb'], '.2f')} | {ratio} |"
        )
    return "\n".join(lines)


def growth_table(all_rows, tools, args):
    """ms/page at each size per tool; flat = linear."""
    sizes = sorted({r.pages for r in all_rows})
    if len(sizes) < 2:
        return None
    head = "| tool | " + " | ".join(f"ms/page @ {s}" for s in sizes) + f" | {sizes[-1]} vs {sizes[0]} |"
    lines = [head, "|---|" + "---:|" * (len(sizes) + 1)]
    for tool in TOOLS:
        by_size = {r.pages: r for r in all_rows if r.tool == tool and r.median}
        if not by_size:
            continue
        cells = []
        for s in sizes:
            if s in by_size:
                cells.append(f"{by_size[s].median * 1000 / s:.2f}")
            else:
                cells.append("skipped" if tool in skipped_peers(tools, args, s) else "–")
        first, last = by_size.get(sizes[0]), by_size.get(sizes[-1])
        ratio = "–"
        if first and last:
            ratio = f"{(last.median / last.pages) / (first.median / first.pages):.2f}× per page"
        lines.append(f"| {tool} | " + " | ".join(cells) + f" | {ratio} |")
    return "\n".join(lines)


def output_lines(all_rows, tools, args):
    """Per size: quire's output with and without its search index, and each peer's, in MB."""
    lines = []
    for n in sorted({r.pages for r in all_rows}):
        rows = {r.tool: r for r in all_rows if r.pages == n and r.output_bytes is not None}
        parts = []
        quire = rows.get("quire")
        if quire:
            without = (quire.output_bytes - (quire.search_bytes or 0)) / MB
            parts.append(f"quire {quire.output_bytes / MB:.1f} total / {without:.1f} without its search index")
        for peer in PEERS:
            if peer in rows:
                parts.append(f"{peer} {rows[peer].output_bytes / MB:.1f}")
        skipped = skipped_peers(tools, args, n)
        if skipped:
            parts.append(f"{', '.join(skipped)} skipped (--peers-max)")
        if parts:
            lines.append(f"- {n:,} pages: " + "; ".join(parts))
    return "\n".join(lines)


def serve_table(rows):
    lines = [
        "| site | save → reloaded page fetched ms (median / p95) | save → search index served ms "
        "| rebuild of the pages ms | server RSS MB: after first build / peak |",
        "|---|---:|---:|---:|---:|",
    ]
    both = lambda v: f"{statistics.median(v):.1f} / {serve_latency.p95(v):.1f}" if v else "–"
    for r in rows:
        if r["error"]:
            lines.append(f"| {r['site']} | failed | | | |")
            continue
        memory = f"{fmt(r['rss_after_build_mb'], '.0f')} / {fmt(r['peak_rss_mb'], '.0f')}"
        lines.append(f"| {r['site']} | {both(r['page_ms'])} | {both(r['index_ms'])} | {both(r['rebuild_ms'])} "
                     f"| {memory} |")
    return "\n".join(lines)


def search_table(search_rows, all_rows, tools, args):
    """One row per size: quire's index and its in-browser numbers, next to mdBook's and Zola's index."""
    peers = [("mdbook", "mdBook"), ("zola", "Zola")]
    head = ("| pages | offline build s | index MB (files) | first query KB: median / max | "
            "cold ms: median / p95 | warm ms: median / p95 | "
            + " | ".join(f"{name} index MB" for _t, name in peers) + " |")
    lines = [head, "|---:|---:|---:|---:|---:|---:|" + "---:|" * len(peers)]
    for r in search_rows:
        peer_cells = []
        for tool, _name in peers:
            row = next((x for x in all_rows if x.tool == tool and x.pages == r["pages"]), None)
            if tool not in tools:
                wanted = tool in [t.strip() for t in args.tools.split(",")]
                peer_cells.append("not installed" if wanted else "not run")
            elif r["pages"] > args.peers_max:
                peer_cells.append("skipped")
            elif row is None or row.error or row.search_bytes is None:
                peer_cells.append("failed" if row is not None and row.error else "–")
            else:
                peer_cells.append(f"{row.search_bytes / MB:.2f}")
        b = r["bench"]
        if r["error"] or not b:
            first = (r["error"] or "no result").splitlines()[0][:60]
            build = fmt(r["build_s"], ".2f")
            lines.append(f"| {r['pages']} | {build} | FAILED ({first}) | | | | " + " | ".join(peer_cells) + " |")
            continue
        ix = b["index"]
        fq = b["first_query_bytes"]
        lines.append(
            f"| {r['pages']} | {r['build_s']:.2f} | {ix['bytes'] / MB:.2f} ({ix['files']}) | "
            f"{fq['median'] / 1024:.0f} / {fq['max'] / 1024:.0f} | "
            f"{b['cold_ms']['median']:.1f} / {b['cold_ms']['p95']:.1f} | "
            f"{b['warm_ms']['median']:.2f} / {b['warm_ms']['p95']:.2f} | " + " | ".join(peer_cells) + " |"
        )
    return "\n".join(lines)


# --------------------------------------------------------------------------- goals


def goal(name, measured, ok):
    return {"goal": name, "measured": measured, "ok": ok}


def check_goals(all_rows, shipped, serve_rows, tools, args):
    """([{"goal", "measured", "ok"}], [goals this run could not check, and why])."""
    checked, missing = [], []
    ran = {(r.tool, r.pages): r for r in all_rows if r.median is not None}
    sizes = sorted({r.pages for r in all_rows})

    for n in BUILD_RATIO_PAGES:
        quire = ran.get(("quire", n))
        peers = [ran[(p, n)] for p in PEERS if (p, n) in ran]
        if not quire or not peers:
            why = "not in --sizes" if n not in sizes else ("quire did not build" if not quire else "no peer built")
            missing.append(f"build time against the fastest peer at {n:,} pages ({why})")
            continue
        fastest = min(peers, key=lambda r: r.median)
        ratio = quire.median / fastest.median
        checked.append(goal(
            f"build, {n:,} pages: ≤ {BUILD_RATIO_TARGET}× the fastest peer's time",
            f"quire {quire.median:.2f} s = {ratio:.3f}× {fastest.tool}'s {fastest.median:.2f} s",
            ratio <= BUILD_RATIO_TARGET))

    for n in OUTPUT_TARGET_PAGES:
        quire, hugo = ran.get(("quire", n)), ran.get(("hugo", n))
        if not quire or not hugo:
            why = "not in --sizes" if n not in sizes else ("quire did not build" if not quire else "Hugo did not build")
            missing.append(f"output against Hugo's at {n:,} pages ({why})")
            continue
        total, hugo_mb = quire.output_bytes / MB, hugo.output_bytes / MB
        without = total - (quire.search_bytes or 0) / MB
        checked.append(goal(
            f"output, {n:,} pages: no larger than Hugo's (sum of file sizes)",
            f"quire {total:.1f} MB ({without:.1f} MB without its search index), Hugo {hugo_mb:.1f} MB",
            total <= hugo_mb))

    for n, limit in sorted(MEMORY_TARGETS_MB.items()):
        quire = ran.get(("quire", n))
        if not quire:
            missing.append(f"build peak RSS at {n:,} pages ({'not in --sizes' if n not in sizes else 'quire did not build'})")
            continue
        rss = peak_rss_mb(quire)
        checked.append(goal(f"memory, {n:,} pages: build peak RSS ≤ {limit:,} MB", f"{rss:,.0f} MB", rss <= limit))

    serve_by_pages = {r["pages"]: r for r in serve_rows if r.get("pages")}
    for n in SERVE_TARGET_PAGES:
        r = serve_by_pages.get(n)
        if not r or r["error"] or not r["page_ms"]:
            why = "--serve not given" if not args.serve else (
                "not in --sizes" if n not in sizes else "serve benchmark failed")
            missing.append(f"serve latency and memory at {n:,} pages ({why})")
            continue
        ms = statistics.median(r["page_ms"])
        checked.append(goal(f"serve, {n:,} pages: save → reloaded page < {SERVE_TARGET_MS} ms median",
                            f"{ms:.1f} ms (p95 {serve_latency.p95(r['page_ms']):.1f})", ms < SERVE_TARGET_MS))
        if r["peak_rss_mb"] is None:
            missing.append(f"serve memory at {n:,} pages (no /proc)")
        else:
            checked.append(goal(
                f"serve memory, {n:,} pages: peak RSS ≤ {SERVE_MEMORY_TARGET_MB:,} MB",
                f"{r['peak_rss_mb']:,.0f} MB peak (VmHWM), {r['rss_after_build_mb']:,.0f} MB after the first build",
                r["peak_rss_mb"] <= SERVE_MEMORY_TARGET_MB))

    quire_sizes = [n for n in sizes if ("quire", n) in ran and n >= GROWTH_PAGES[0]]
    if len(quire_sizes) >= 2:
        first, last = ran[("quire", quire_sizes[0])], ran[("quire", quire_sizes[-1])]
        per_page = lambda r: r.median * 1000 / r.pages
        ratio = per_page(last) / per_page(first)
        checked.append(goal(
            f"growth, {first.pages:,} → {last.pages:,} pages: ms/page flat (≤ {GROWTH_TARGET}×)",
            f"{per_page(first):.2f} → {per_page(last):.2f} ms/page = {ratio:.2f}×", ratio <= GROWTH_TARGET))
    if not all(n in quire_sizes for n in GROWTH_PAGES):
        missing.append(f"flat growth from {GROWTH_PAGES[0]:,} to {GROWTH_PAGES[1]:,} pages (needs both in --sizes)")

    if shipped and shipped.median is not None:
        ms = shipped.median * 1000
        checked.append(goal(
            f"shipped site ({shipped.pages:,} pages): < {SHIPPED_TARGET_MS} ms whole process",
            f"{ms:.1f} ms median, peak RSS {fmt(peak_rss_mb(shipped), '.0f')} MB", ms < SHIPPED_TARGET_MS))
    return checked, missing


def goals_text(checked, missing):
    lines = [f"- {g['goal']}: {g['measured']}: {'ok' if g['ok'] else 'MISSED'}" for g in checked]
    lines += [f"- not measured: {m}" for m in missing]
    return "\n".join(lines)


# --------------------------------------------------------------------------- the whole report


def print_report(all_rows, shipped, tools, args, search_rows, serve_rows, goals):
    print()
    print(f"## quire benchmark ({args.runs} timed run(s) after {args.warmup} warm-up, median; "
          f"{os.cpu_count()} CPUs)")
    print()
    for tool, (exe, version) in tools.items():
        print(f"- {tool}: {version} ({exe})")
    print(f"- load average before / after: {args.load_before:.2f} / {os.getloadavg()[0]:.2f}")
    print(f"- outputs written to: {args.out_fs}")
    for tool in TOOLS:
        if tool not in tools and tool in args.tools.split(","):
            print(f"- {tool}: not installed, skipped")
    print()
    print(build_table(all_rows))
    skipped = {n: skipped_peers(tools, args, n) for n in sorted({r.pages for r in all_rows})}
    skipped = {n: peers for n, peers in skipped.items() if peers}
    if skipped:
        print()
        print(f"Peers skipped past {args.peers_max:,} pages (--peers-max): "
              + "; ".join(f"{', '.join(peers)} at {n:,}" for n, peers in skipped.items()) + ".")
    if shipped:
        print()
        print(build_table([shipped]))
    out = output_lines(all_rows, tools, args)
    if out:
        print()
        print("Output (sum of file sizes, MB; Hugo makes no search index):")
        print()
        print(out)
    g = growth_table(all_rows, tools, args)
    if g:
        print()
        print("Growth (flat ms/page = linear):")
        print()
        print(g)
    if search_rows:
        print()
        print("Search (issue 4; quire built with --offline, one timed build; latency in headless Chromium, "
              "see bench/README.md):")
        print()
        print(search_table(search_rows, all_rows, tools, args))
    if serve_rows:
        print()
        print(f"Serve ({args.serve_edits} edits each; bench/serve_latency.py):")
        print()
        print(serve_table(serve_rows))
    print()
    print("Targets (issue 17; see bench/README.md):")
    print(goals_text(*goals))
    failed = [r for r in all_rows + ([shipped] if shipped else []) if r.error]
    for r in failed:
        print()
        print(f"{r.tool} at {r.pages} pages failed:\n```\n{r.error}\n```")
    for r in serve_rows:
        if r["error"]:
            print()
            print(f"serve benchmark on {r['site']} failed:\n```\n{r['error']}\n```")
    for r in search_rows or []:
        if r["error"]:
            print()
            print(f"search benchmark at {r['pages']} pages failed:\n```\n{r['error']}\n```")
