#!/usr/bin/env python3
"""Time `quire serve` from saving a page to the browser being able to fetch the new page (issue 7).

    python3 bench/serve_latency.py [--pages 1000 | --site DIR] [--edits 20] [--quire PATH]

The site (a generated corpus of --pages topic pages, or a copy of --site) is served from a temporary
folder with `quire serve --port 0`. Like an open tab, the script listens to the live-reload event
stream. Each edit appends a paragraph with a fresh word to one topic page; when the reload event
comes, the page is fetched (as the reloading tab would) and must hold the word. Then
`search/index.js` is polled until it has changed (the search index is rebuilt after the pages are
served). Reported: save -> reloaded page fetched, save -> search index served (median, p95, max, in
ms), the rebuild times quire printed, and the server's memory from /proc/PID/status: its resident
set once the first build is served (VmRSS) and its peak over the whole run, edits included (VmHWM).
Python 3 standard library only; nothing here runs in `cargo test`.
"""

import argparse
import os
import queue
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
GEN = os.path.join(BENCH_DIR, "gen_corpus.py")
DEADLINE_S = 120  # only reached on a failure; a 100,000-page search index takes a while
FIRST_BUILD_DEADLINE_S = 600
# Not copied from the site folder: at its top, outputs and build trees (a repository's target/ is
# gigabytes) and, in a generated corpus, the peers' copies of the pages; anywhere, kept corpora.
SKIP_AT_TOP = {".git", "public", "target", "node_modules"}
PEER_SITES = {"hugo", "zola", "mdbook"}
CORPUS_MARKER = ".bench-corpus.json"


def find_quire(arg):
    for candidate in (arg, os.environ.get("QUIRE"), os.path.join(REPO_DIR, "target/release/quire")):
        if candidate and os.path.isfile(candidate):
            return candidate
    found = shutil.which("quire")
    if not found:
        sys.exit("no quire binary: run `cargo build --release` or pass --quire")
    return found


def fetch(url, not_found_body=True):
    """The body served at url (a 404 page's too, unless not_found_body is False), else None."""
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read()
    except urllib.error.HTTPError as err:
        return err.read() if err.code == 404 and not_found_body else None
    except OSError:
        return None


def wait_until(check, what, poll_s=0.01, deadline_s=DEADLINE_S):
    deadline = time.perf_counter() + deadline_s
    while time.perf_counter() < deadline:
        if check():
            return time.perf_counter()
        time.sleep(poll_s)
    raise RuntimeError(f"gave up waiting for {what} after {deadline_s} s")


def listen(base, events):
    """Puts (time, token) on `events` for every live-reload event, like an open tab."""
    with urllib.request.urlopen(base + "__quire/events?since=", timeout=None) as stream:
        for raw in stream:
            line = raw.decode("utf-8", "replace").strip()
            if line.startswith("data:"):
                events.put((time.perf_counter(), line[len("data:"):].strip()))


def pick_page(site):
    """A topic page in the middle of the site, by path order: (file, its URL path)."""
    content = os.path.join(site, "content")
    pages = sorted(
        os.path.relpath(os.path.join(d, f), content)
        for d, _, files in os.walk(content)
        for f in files
        if f.endswith(".md") and f != "_index.md"
    )
    if not pages:
        raise RuntimeError(f"no topic pages under {content}")
    rel = pages[len(pages) // 2]
    return os.path.join(content, rel), rel[: -len(".md")].replace(os.sep, "/") + "/"


def limit_memory(limit_mb):
    """A preexec_fn capping the child's address space at limit_mb (0 = no cap)."""

    def apply():
        if limit_mb:
            size = limit_mb * 1024 * 1024
            resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def start_server(quire, site, mem_limit_mb=0):
    server = subprocess.Popen(
        [quire, "serve", site, "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        preexec_fn=limit_memory(mem_limit_mb),
    )
    lines, url = [], None
    for line in server.stdout:
        lines.append(line)
        match = re.search(r"(http://\S+/)", line)
        if match:
            url = match.group(1)
            break
    if url is None:
        server.kill()
        raise RuntimeError("quire serve did not start:\n" + "".join(lines))
    rebuilds = []

    def read_log():
        for line in server.stdout:
            match = re.search(r"Rebuilt .* in (\d+) ms", line)
            if match:
                rebuilds.append(int(match.group(1)))

    threading.Thread(target=read_log, daemon=True).start()
    return server, url, rebuilds


def copy_site(site, copy):
    """Copies the site folder (files a page includes too) without outputs, builds and peer sites."""
    top = os.path.abspath(site)
    skip_at_top = SKIP_AT_TOP | (PEER_SITES if os.path.exists(os.path.join(site, CORPUS_MARKER)) else set())

    def skipped(folder, names):
        at_top = os.path.abspath(folder) == top
        return {n for n in names if (at_top and n in skip_at_top) or n.startswith(".corpus-")}

    shutil.copytree(site, copy, ignore=skipped, symlinks=True)


def memory_mb(pid):
    """{"rss": VmRSS, "peak": VmHWM} of a running process in MB, or Nones without /proc."""
    found = {"rss": None, "peak": None}
    try:
        with open(f"/proc/{pid}/status", encoding="utf-8") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmRSS", "VmHWM"):  # "  123456 kB"
                    found["rss" if key == "VmRSS" else "peak"] = int(value.split()[0]) / 1024
    except (OSError, ValueError, IndexError):
        pass
    return found


def p95(values):
    """Nearest-rank 95th percentile."""
    values = sorted(values)
    return values[min(len(values) - 1, round(0.95 * len(values) + 0.5) - 1)]


def summary(values):
    return f"{statistics.median(values):7.1f} {p95(values):7.1f} {max(values):7.1f}"


def measure(quire, site=None, pages=1000, edits=20, mem_limit_mb=0):
    """Serves a copy of `site` (or a generated corpus of `pages` pages) and times `edits` edits.

    mem_limit_mb caps the server's address space, so a server that runs away fails instead of
    taking the machine down.

    Returns {"what", "page", "page_ms", "index_ms", "rebuild_ms", "rss_after_build_mb", "peak_rss_mb",
    "rss_end_mb"} (memory in MB, None without /proc); raises RuntimeError on failure.
    """
    with tempfile.TemporaryDirectory(prefix="quire-serve-bench-") as work:
        copy = os.path.join(work, "site")
        if site:
            copy_site(site, copy)
            what = site
        else:
            subprocess.run([sys.executable, GEN, str(pages), copy], check=True,
                           stdout=subprocess.DEVNULL)
            what = f"generated corpus of {pages} pages"
        path, url_path = pick_page(copy)
        server, base, rebuilds = start_server(quire, copy, mem_limit_mb)
        try:
            page_url, index_url = base + url_path, base + "search/index.js"
            wait_until(lambda: fetch(page_url, False) and fetch(index_url, False), "the first build",
                       deadline_s=FIRST_BUILD_DEADLINE_S)
            events = queue.Queue()
            threading.Thread(target=listen, args=(base, events), daemon=True).start()
            original = open(path, encoding="utf-8").read()
            page_ms, index_ms = [], []
            time.sleep(0.5)
            after_build = memory_mb(server.pid)
            for i in range(edits + 1):
                word = f"qqlatency{i}x".encode()
                index_before = fetch(index_url, False)
                while not events.empty():
                    events.get()
                with open(path, "w", encoding="utf-8") as f:
                    f.write(f"{original}\n\nLatency probe {word.decode()}.\n")
                saved = time.perf_counter()
                while True:
                    try:
                        events.get(timeout=DEADLINE_S)
                    except queue.Empty:
                        raise RuntimeError("no reload event after the edit") from None
                    if word in (fetch(page_url) or b""):
                        served = time.perf_counter()
                        break
                indexed = wait_until(lambda: fetch(index_url, False) not in (None, index_before),
                                     "the search index", poll_s=0.005)
                if i > 0:  # the first edit warms the server's caches up
                    page_ms.append((served - saved) * 1000)
                    index_ms.append((indexed - saved) * 1000)
                time.sleep(0.3)
            at_end = memory_mb(server.pid)
        finally:
            server.terminate()
            server.wait(timeout=10)
    return {"what": what, "page": url_path, "page_ms": page_ms, "index_ms": index_ms,
            "rebuild_ms": rebuilds[1:], "rss_after_build_mb": after_build["rss"],
            "peak_rss_mb": at_end["peak"], "rss_end_mb": at_end["rss"]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, default=1000, help="generate a corpus of this many pages")
    ap.add_argument("--site", help="serve a copy of this site instead of a generated corpus")
    ap.add_argument("--edits", type=int, default=20, help="timed edits (after one untimed)")
    ap.add_argument("--quire", help="quire binary (default: $QUIRE, target/release/quire, PATH)")
    ap.add_argument("--mem-limit-mb", type=int, default=0, help="address-space limit for the server (0 = none)")
    args = ap.parse_args()
    try:
        result = measure(find_quire(args.quire), args.site, args.pages, args.edits, args.mem_limit_mb)
    except RuntimeError as err:
        sys.exit(f"serve_latency.py: {err}")
    print(f"quire serve, {result['what']}: {args.edits} edits of {result['page']}")
    print(f"{'ms':38} {'median':>7} {'p95':>7} {'max':>7}")
    print(f"{'save -> reloaded page fetched':38} {summary(result['page_ms'])}")
    print(f"{'save -> search index served':38} {summary(result['index_ms'])}")
    if result["rebuild_ms"]:
        print(f"{'rebuild of the pages (quire log)':38} {summary(result['rebuild_ms'])}")
    if result["peak_rss_mb"] is not None:
        print(f"server memory MB: {result['rss_after_build_mb']:.0f} resident after the first build, "
              f"{result['rss_end_mb']:.0f} after the edits, {result['peak_rss_mb']:.0f} peak (VmHWM)")
    print(f"load average: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
