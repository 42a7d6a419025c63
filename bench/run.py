#!/usr/bin/env python3
"""Build the same generated corpus with quire and its peers and compare (issues 7 and 17).

    python3 bench/run.py [--sizes 1000,5000,10000] [--runs 3] [--quire PATH] [--quick] [--serve]

For each size N the corpus comes from bench/.corpus-N if it exists (see --keep-corpus), else it is
generated into a temporary directory by bench/gen_corpus.py. Every installed tool (quire, hugo, zola,
mdbook; see --tools) builds it into a fresh output directory, `--runs` times after `--warmup`
untimed runs, round-robin across tools, each run starting after a `sync` (outputs are deleted
when the size is done, not between runs); the peers only up to --peers-max pages. Reported per tool and
size: median wall time of the whole process, ms per page, peak RSS, output size, search-index size,
and the time ratio to quire; then the output sizes side by side, the growth of ms/page across sizes,
and the goals (see bench/README.md), each "ok" or "MISSED".
The shipped site (`quire build REPO --out TMP`) is timed as a whole process too.
With --serve, bench/serve_latency.py times `quire serve` (save -> reloaded page) and its memory.
With --search, quire also builds each corpus with --offline and bench/search_bench.mjs measures its
search in headless Chromium (index size, bytes loaded for a first query, query latency); needs node
and chromium, and is skipped with a message without them.
A tool that fails is reported with the tail of its output; the run goes on.
Python 3 standard library only. Timing goals are checked here, never in `cargo test`.
"""

import argparse
import fnmatch
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

BENCH_DIR = os.path.dirname(os.path.abspath(__file__))
REPO_DIR = os.path.dirname(BENCH_DIR)
GEN = os.path.join(BENCH_DIR, "gen_corpus.py")
SEARCH_BENCH = os.path.join(BENCH_DIR, "search_bench.mjs")
sys.path.insert(0, BENCH_DIR)
import serve_latency  # noqa: E402  (bench/serve_latency.py)
from report import MB, PEERS, TOOLS, check_goals, print_report  # noqa: E402  (bench/report.py)

SEARCH_DEADLINE_S = 120  # search_bench.mjs's own deadline; it kills Chromium when it passes
TIME_BIN = "/usr/bin/time"


class Result:
    """One tool at one size: all timed runs, or the failure."""

    def __init__(self, tool, pages):
        self.tool, self.pages = tool, pages
        self.times, self.cpu, self.rss_kb = [], [], []
        self.output_bytes = self.search_bytes = None
        self.error = None

    @property
    def median(self):
        return statistics.median(self.times) if self.times else None

    def as_dict(self):
        return {
            "tool": self.tool,
            "pages": self.pages,
            "times_s": self.times,
            "median_s": self.median,
            "cpu_s": self.cpu,
            "peak_rss_mb": max(self.rss_kb) / 1024 if self.rss_kb else None,
            "output_mb": self.output_bytes / MB if self.output_bytes is not None else None,
            "search_index_mb": self.search_bytes / MB if self.search_bytes is not None else None,
            "error": self.error,
        }


# --------------------------------------------------------------------------- running one build


def run_measured(cmd, log_path, timeout_s, mem_limit_mb):
    """Run cmd once; return (wall seconds, CPU seconds, peak RSS KB, exit code, timed_out).

    Peak RSS comes from `/usr/bin/time -f %M` when present, else from the child's own rusage
    (os.wait4), which also covers its reaped descendants. CPU is user + system time from os.wait4.
    """
    rss_file = log_path + ".rss"
    use_time = os.access(TIME_BIN, os.X_OK)
    full = [TIME_BIN, "-f", "%M", "-o", rss_file] + cmd if use_time else cmd
    with open(log_path, "wb") as log:
        start = time.perf_counter()
        proc = subprocess.Popen(
            full,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            preexec_fn=serve_latency.limit_memory(mem_limit_mb),
        )
        timed_out = threading.Event()

        def kill():
            timed_out.set()
            try:
                os.killpg(proc.pid, 9)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout_s, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
    proc.returncode = os.waitstatus_to_exitcode(status)
    rss_kb = usage.ru_maxrss
    cpu = usage.ru_utime + usage.ru_stime
    if use_time:
        try:
            with open(rss_file, encoding="utf-8") as f:
                lines = [ln.strip() for ln in f if ln.strip()]
            rss_kb = int(lines[-1])
        except (OSError, ValueError, IndexError):
            pass
        if os.path.exists(rss_file):
            os.remove(rss_file)
    return wall, cpu, rss_kb, proc.returncode, timed_out.is_set()


def tail(path, lines=15):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return "".join(f.readlines()[-lines:]).rstrip()
    except OSError:
        return ""


def dir_bytes(root, patterns=None, subdirs=()):
    """Total size of files under root; with patterns, only top-level files matching them
    plus everything under the named subdirectories."""
    total = 0
    if patterns is None:
        for base, _dirs, files in os.walk(root):
            total += sum(os.path.getsize(os.path.join(base, f)) for f in files)
        return total
    for name in os.listdir(root):
        path = os.path.join(root, name)
        if os.path.isfile(path) and any(fnmatch.fnmatch(name, p) for p in patterns):
            total += os.path.getsize(path)
    for sub in subdirs:
        if os.path.isdir(os.path.join(root, sub)):
            total += dir_bytes(os.path.join(root, sub))
    return total


SEARCH_FILES = {
    "quire": (["search-index*", "search_index*"], ["search"]),
    "mdbook": (["searchindex*.js", "searchindex*.json"], []),
    "zola": (["search_index.*.js", "search_index.*.json"], []),
    "hugo": None,
}


# --------------------------------------------------------------------------- tools


def tool_version(tool, exe):
    args = {"hugo": [exe, "version"]}.get(tool, [exe, "--version"])
    try:
        out = subprocess.run(args, capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.TimeoutExpired):
        return "?"
    text = (out.stdout or out.stderr).strip().splitlines()
    return text[0] if text and out.returncode == 0 else "?"


def zola_legacy(version):
    """Zola before 0.22 uses [markdown] highlight_code (config-legacy.toml)."""
    m = re.search(r"(\d+)\.(\d+)", version)
    return bool(m) and (int(m.group(1)), int(m.group(2))) < (0, 22)


def build_command(tool, exe, corpus, out, version):
    if tool == "quire":
        return [exe, "build", corpus, "--out", out]
    if tool == "hugo":
        return [exe, "--source", os.path.join(corpus, "hugo"), "--destination", out, "--quiet"]
    if tool == "zola":
        root = os.path.join(corpus, "zola")
        config = "config-legacy.toml" if zola_legacy(version) else "config.toml"
        return [exe, "--root", root, "--config", os.path.join(root, config), "build", "--output-dir", out]
    return [exe, "build", os.path.join(corpus, "mdbook"), "-d", out]


def find_tools(args):
    wanted = [t.strip() for t in args.tools.split(",") if t.strip()]
    found = {}
    for tool in wanted:
        if tool not in TOOLS:
            sys.exit(f"run.py: unknown tool {tool!r} (known: {', '.join(TOOLS)})")
        exe = getattr(args, tool)
        if tool == "quire" and not exe:
            exe = os.environ.get("QUIRE")
            built = os.path.join(REPO_DIR, "target", "release", "quire")
            if not exe and os.access(built, os.X_OK):
                exe = built
        exe = exe or shutil.which(tool)
        if exe and os.access(exe, os.X_OK):
            found[tool] = (os.path.abspath(exe), tool_version(tool, exe))
        elif exe:
            print(f"run.py: {tool}: {exe} is not executable; skipped", file=sys.stderr)
    return found


# --------------------------------------------------------------------------- corpora


def generator_version():
    with open(GEN, encoding="utf-8") as f:
        m = re.search(r"^GENERATOR_VERSION = (\d+)", f.read(), flags=re.M)
    return int(m.group(1)) if m else None


def corpus_for(n, sections, work, keep):
    cached = os.path.join(BENCH_DIR, f".corpus-{n}")
    marker = os.path.join(cached, ".bench-corpus.json")
    if os.path.exists(marker):
        with open(marker, encoding="utf-8") as f:
            meta = json.load(f)
        fresh = meta.get("generator_version") == generator_version()
        if fresh and meta.get("pages") == n and (sections is None or meta.get("sections") == sections):
            print(f"corpus {n}: reusing {cached}")
            return cached
    out = cached if keep else os.path.join(work, f"corpus-{n}")
    cmd = [sys.executable, GEN, str(n), out] + (["--sections", str(sections)] if sections else [])
    start = time.perf_counter()
    subprocess.run(cmd, check=True)
    print(f"corpus {n}: generated in {time.perf_counter() - start:.1f}s (not part of the benchmark)")
    return out


# --------------------------------------------------------------------------- benchmark


def settle_disk():
    """Write out what earlier runs left in the page cache before the next timed run starts.

    Outputs are deleted only after all runs of a size: deleting one build's ~20,000 files right
    before the next build made that build's file creation several times costlier in system time
    (the disk was still busy with the deletion), so whichever tool ran next paid for the
    previous one's output.
    """
    os.sync()
    time.sleep(1)


def filesystem_of(path):
    """The type of the file system holding path (`ext4`, `tmpfs`, ...), from /proc/mounts."""
    path = os.path.realpath(path)
    best, kind = "", "unknown file system"
    try:
        with open("/proc/mounts", encoding="utf-8") as f:
            for line in f:
                fields = line.split()
                if len(fields) < 3:
                    continue
                mount = fields[1]
                inside = path == mount or path.startswith(mount.rstrip("/") + "/")
                if inside and len(mount) > len(best):
                    best, kind = mount, fields[2]
    except OSError:
        pass
    return kind


def tools_at(n, tools, args):
    """The tools that build an n-page corpus: the peers only up to --peers-max pages."""
    skipped = [t for t in tools if t in PEERS and n > args.peers_max]
    if skipped:
        print(f"N={n}: {', '.join(skipped)} skipped (more than --peers-max {args.peers_max} pages)")
    return {t: v for t, v in tools.items() if t not in skipped}


def bench_size(n, corpus, tools, args, work):
    results = {tool: Result(tool, n) for tool in tools}
    schedule = [f"warm-up {k + 1}" for k in range(args.warmup)] + [f"run {k + 1}" for k in range(args.runs)]
    outs = []
    for i, label in enumerate(schedule):
        for tool, (exe, version) in tools.items():
            res = results[tool]
            if res.error:
                continue
            out = os.path.join(work, f"out-{tool}-{n}-{i}")
            log = os.path.join(work, f"log-{tool}-{n}-{i}.txt")
            cmd = build_command(tool, exe, corpus, out, version)
            settle_disk()
            wall, cpu, rss, code, timed_out = run_measured(cmd, log, args.timeout, args.mem_limit_mb)
            outs.append(out)
            if code != 0 or timed_out:
                why = f"timed out after {args.timeout}s" if timed_out else f"exit code {code}"
                res.error = f"{why}: {' '.join(cmd)}\n{tail(log)}"
                print(f"  {tool:6} N={n} {label}: FAILED ({why})\n{indent(tail(log))}", file=sys.stderr)
            else:
                print(f"  {tool:6} N={n} {label}: {wall:.3f}s wall {cpu:.3f}s CPU {rss / 1024:.0f} MB")
                if label.startswith("run"):
                    res.times.append(wall)
                    res.cpu.append(cpu)
                    res.rss_kb.append(rss)
                    if res.output_bytes is None:
                        res.output_bytes = dir_bytes(out)
                        spec = SEARCH_FILES[tool]
                        res.search_bytes = dir_bytes(out, *spec) if spec else None
            os.remove(log)
    for out in outs:
        shutil.rmtree(out, ignore_errors=True)
    return [results[t] for t in tools]


def bench_shipped(tools, args, work):
    """The shipped site as a whole process: the under-100-ms goal."""
    if "quire" not in tools or not os.path.exists(os.path.join(REPO_DIR, "site.yaml")):
        return None
    exe = tools["quire"][0]
    res = Result("quire (shipped site)", count_pages(os.path.join(REPO_DIR, "content")))
    runs = max(args.runs, 5)
    for i in range(1 + runs):
        out = os.path.join(work, f"out-shipped-{i}")
        log = os.path.join(work, f"log-shipped-{i}.txt")
        cmd = [exe, "build", REPO_DIR, "--out", out]
        settle_disk()
        wall, cpu, rss, code, timed_out = run_measured(cmd, log, args.timeout, args.mem_limit_mb)
        if code != 0 or timed_out:
            res.error = f"exit code {code}: {' '.join(cmd)}\n{tail(log)}"
            print(f"  shipped site: FAILED\n{indent(tail(log))}", file=sys.stderr)
            break
        if i > 0:  # first run warms the page cache
            res.times.append(wall)
            res.cpu.append(cpu)
            res.rss_kb.append(rss)
            if res.output_bytes is None:
                res.output_bytes = dir_bytes(out)
                res.search_bytes = dir_bytes(out, *SEARCH_FILES["quire"])
        shutil.rmtree(out, ignore_errors=True)
        os.remove(log)
    return res


# --------------------------------------------------------------------------- serve


def bench_serve(label, site, tools, args, pages=None):
    """`quire serve` from save to reloaded page (serve_latency.py) on a copy of `site`."""
    row = {"site": label, "pages": pages, "error": None}
    if "quire" not in tools:
        return None
    print(f"  serve {label}: {args.serve_edits} edits", file=sys.stderr)
    try:
        row.update(serve_latency.measure(tools["quire"][0], site, edits=args.serve_edits,
                                         mem_limit_mb=args.mem_limit_mb))
    except (RuntimeError, OSError, subprocess.CalledProcessError) as err:
        row["error"] = str(err)
    return row


# --------------------------------------------------------------------------- search (issue 4)


def search_prereqs(args, tools):
    """(node, chromium) for --search, or None after saying why the step is skipped."""
    if "quire" not in tools:
        print("run.py: --search needs quire; search benchmark skipped", file=sys.stderr)
        return None
    node = args.node or shutil.which("node")
    chromium = args.chromium or os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    missing = []
    if not node or not os.access(node, os.X_OK):
        missing.append("node (Node.js 20.10 or newer)")
    if not os.access(chromium, os.X_OK):
        missing.append(f"chromium ({chromium})")
    if missing:
        print(f"run.py: --search: {' and '.join(missing)} not found; search benchmark skipped", file=sys.stderr)
        return None
    return os.path.abspath(node), os.path.abspath(chromium)


def bench_search(n, corpus, tools, args, work, prereqs):
    """Build the corpus with `quire build --offline` (one timed run) and run search_bench.mjs on it."""
    node, chromium = prereqs
    exe, version = tools["quire"]
    res = {"pages": n, "build_s": None, "build_cpu_s": None, "bench": None, "error": None}
    out = os.path.join(work, f"out-search-{n}")
    log = os.path.join(work, f"log-search-{n}.txt")
    cmd = build_command("quire", exe, corpus, out, version) + ["--offline"]
    try:
        wall, cpu, rss, code, timed_out = run_measured(cmd, log, args.timeout, args.mem_limit_mb)
        if code != 0 or timed_out:
            why = f"timed out after {args.timeout}s" if timed_out else f"exit code {code}"
            res["error"] = f"offline build {why}: {' '.join(cmd)}\n{tail(log)}"
            print(f"  search N={n}: offline build FAILED ({why})\n{indent(tail(log))}", file=sys.stderr)
            return res
        res["build_s"], res["build_cpu_s"] = wall, cpu
        print(f"  search N={n}: offline build {wall:.3f}s wall {cpu:.3f}s CPU {rss / 1024:.0f} MB; "
              "running search_bench.mjs in Chromium")
        out_json = os.path.join(work, f"search-{n}.json")
        bench = [node, SEARCH_BENCH, out, "--json", out_json, "--chromium", chromium,
                 "--deadline", str(SEARCH_DEADLINE_S)]
        proc = subprocess.Popen(bench, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        try:
            text, _ = proc.communicate(timeout=SEARCH_DEADLINE_S + 60)
        except subprocess.TimeoutExpired:
            proc.terminate()  # search_bench.mjs kills Chromium on SIGTERM
            try:
                text, _ = proc.communicate(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                text, _ = proc.communicate()
            text += "\n(run.py: search_bench.mjs did not finish in time)"
        print()
        print(text.rstrip())
        print()
        if proc.returncode != 0 or not os.path.exists(out_json):
            res["error"] = f"search_bench.mjs exit code {proc.returncode}: {' '.join(bench)}\n" + \
                "\n".join(text.rstrip().splitlines()[-15:])
            return res
        with open(out_json, encoding="utf-8") as f:
            res["bench"] = json.load(f)
        return res
    finally:
        shutil.rmtree(out, ignore_errors=True)
        if os.path.exists(log):
            os.remove(log)


def count_pages(content):
    return sum(1 for _b, _d, files in os.walk(content) for f in files if f.endswith(".md") and f != "_index.md")


def indent(text):
    return "\n".join("      " + line for line in text.splitlines())


# --------------------------------------------------------------------------- main


def parse_args(argv):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1000,5000,10000",
                    help="comma-separated page counts (100000 works: generating it takes ~10 minutes, see "
                         "--keep-corpus)")
    ap.add_argument("--peers-max", type=int, default=10000, metavar="N",
                    help="build with hugo, zola and mdbook only corpora of at most N pages (default 10000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool and size (median reported)")
    ap.add_argument("--warmup", type=int, default=1, help="untimed runs per tool and size first")
    ap.add_argument("--sections", type=int, default=None, help="sections per corpus (default: gen_corpus's)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="which tools to try (default: all installed)")
    ap.add_argument("--quire", help="quire binary (default: $QUIRE, REPO/target/release/quire, PATH)")
    ap.add_argument("--hugo", help="hugo binary (default: PATH)")
    ap.add_argument("--zola", help="zola binary (default: PATH)")
    ap.add_argument("--mdbook", help="mdbook binary (default: PATH)")
    ap.add_argument("--quick", action="store_true", help="smoke run: 200 pages, 1 run, no warm-up")
    ap.add_argument("--no-shipped", action="store_true", help="skip timing the shipped site")
    ap.add_argument("--keep-corpus", action="store_true", help="generate into bench/.corpus-N for reuse")
    ap.add_argument("--workdir", help="where outputs go (default: a new temporary directory); "
                    "/dev/shm/... keeps the disk's file-creation cost out of the times")
    ap.add_argument("--timeout", type=float, default=1800, help="seconds before a build is killed")
    ap.add_argument("--mem-limit-mb", type=int, default=default_mem_limit(),
                    help="address-space limit per build and per quire serve so a runaway process cannot "
                         "exhaust the machine (0 = none)")
    ap.add_argument("--json", help="also write the raw results here")
    ap.add_argument("--search", action="store_true",
                    help="also build quire with --offline and measure its search in Chromium (search_bench.mjs)")
    ap.add_argument("--serve", action="store_true",
                    help="also time quire serve from save to reloaded page on each corpus (serve_latency.py)")
    ap.add_argument("--serve-edits", type=int, default=20, help="timed edits per site for --serve")
    ap.add_argument("--node", help="node binary for --search (default: PATH)")
    ap.add_argument("--chromium", help="Chromium for --search (default: $CHROMIUM, PATH, /usr/bin/chromium)")
    args = ap.parse_args(argv)
    if args.quick:
        args.sizes, args.runs, args.warmup = "200", 1, 0
    try:
        args.size_list = [int(s) for s in args.sizes.split(",") if s.strip()]
    except ValueError:
        ap.error("--sizes takes comma-separated integers")
    if args.runs < 1 or not args.size_list or min(args.size_list) < 1:
        ap.error("--runs and every size must be at least 1")
    return args


def default_mem_limit():
    """60% of physical memory, in MB (0 if unknown)."""
    try:
        return int(os.sysconf("SC_PHYS_PAGES") * os.sysconf("SC_PAGE_SIZE") * 0.6 / MB)
    except (ValueError, OSError):
        return 0


def main(argv=None):
    args = parse_args(argv)
    tools = find_tools(args)
    if not tools:
        sys.exit("run.py: none of the tools is installed")
    if "quire" not in tools and "quire" in args.tools:
        print("run.py: no quire binary found (build it, or pass --quire PATH); peers only", file=sys.stderr)
    if args.workdir:
        os.makedirs(args.workdir, exist_ok=True)
    work = tempfile.mkdtemp(prefix="quire-bench-", dir=args.workdir)
    args.out_fs = f"{os.path.dirname(work)} ({filesystem_of(work)})"
    args.load_before = os.getloadavg()[0]
    if args.load_before > 0.5 * (os.cpu_count() or 1):
        print(f"run.py: warning: load average is {args.load_before:.2f} on {os.cpu_count()} CPUs; "
              "timings will be noisy (run on a quiet machine)", file=sys.stderr)
    prereqs = search_prereqs(args, tools) if args.search else None
    search_rows, serve_rows = [], []
    try:
        all_rows = []
        for n in args.size_list:
            corpus = corpus_for(n, args.sections, work, args.keep_corpus)
            all_rows += bench_size(n, corpus, tools_at(n, tools, args), args, work)
            if prereqs:
                search_rows.append(bench_search(n, corpus, tools, args, work, prereqs))
            if args.serve:
                serve_rows.append(bench_serve(f"{n} pages", corpus, tools, args, pages=n))
        shipped = None if args.no_shipped else bench_shipped(tools, args, work)
        if args.serve and not args.no_shipped:
            serve_rows.append(bench_serve("shipped site", REPO_DIR, tools, args))
    finally:
        shutil.rmtree(work, ignore_errors=True)
    serve_rows = [r for r in serve_rows if r]
    goals = check_goals(all_rows, shipped, serve_rows, tools, args)
    print_report(all_rows, shipped, tools, args, search_rows, serve_rows, goals)
    if args.json:
        rows = all_rows + ([shipped] if shipped else [])
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"tools": {t: v for t, (_e, v) in tools.items()}, "results": [r.as_dict() for r in rows],
                       "search": search_rows, "serve": serve_rows,
                       "targets": goals[0], "not_measured": goals[1]}, f, indent=2)
            f.write("\n")
    failed = [r for r in search_rows + serve_rows if r["error"]]
    return 1 if any(r.error for r in all_rows) or failed else 0


if __name__ == "__main__":
    sys.exit(main())
