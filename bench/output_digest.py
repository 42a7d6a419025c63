#!/usr/bin/env python3
"""Digest of everything quire writes for a fixed set of sites, to prove a refactor changes no output.

Builds the shipped guide (hosted with a base URL, offline, zip bundle, single-file bundle) and
generated corpora (300 pages, which still get print.html, and 1,000 pages) with one quire binary,
and prints one line per output file: its SHA-256 and its path. Run it with the binary before and
after a change and compare the two listings:

    python3 bench/output_digest.py --quire /tmp/quire-before > /tmp/before.txt
    cargo build --release && python3 bench/output_digest.py > /tmp/after.txt
    diff /tmp/before.txt /tmp/after.txt && echo identical
"""

import argparse
import hashlib
import os
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def digest_tree(label, folder, out):
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        rel = path.relative_to(folder).as_posix()
        out.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {label}/{rel}")


def digest_zip(label, path, out):
    with zipfile.ZipFile(path) as archive:
        for name in sorted(archive.namelist()):
            out.append(f"{hashlib.sha256(archive.read(name)).hexdigest()}  {label}!{name}")
    out.append(f"{hashlib.sha256(path.read_bytes()).hexdigest()}  {label}")


def run(quire, *args, cwd=None):
    result = subprocess.run(
        [quire, "-q", *args], cwd=cwd, capture_output=True, text=True, env={**os.environ, "NO_COLOR": "1"}
    )
    if result.returncode != 0:
        sys.exit(f"quire {' '.join(args)} failed:\n{result.stderr}")


def digest_site(quire, label, site, work, out, bundles):
    hosted = work / f"{label}-hosted"
    run(quire, "build", str(site), "--out", str(hosted), "--base-url", "https://example.org/docs/")
    digest_tree(f"{label}/hosted", hosted, out)
    offline = work / f"{label}-offline"
    run(quire, "build", str(site), "--out", str(offline), "--offline")
    digest_tree(f"{label}/offline", offline, out)
    if bundles:
        archive = work / f"{label}.zip"
        run(quire, "bundle", str(site), "-o", str(archive))
        digest_zip(f"{label}/bundle.zip", archive, out)
        single = work / f"{label}.html"
        run(quire, "bundle", str(site), "--single-file", "-o", str(single))
        out.append(f"{hashlib.sha256(single.read_bytes()).hexdigest()}  {label}/single-file.html")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quire", default=str(ROOT / "target/release/quire"), help="the quire binary")
    parser.add_argument("--sizes", default="300,1000", help="generated corpus sizes (default 300,1000)")
    args = parser.parse_args()
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        digest_site(args.quire, "shipped", ROOT, work, out, bundles=True)
        for size in [int(s) for s in args.sizes.split(",") if s]:
            corpus = work / f"corpus-{size}"
            subprocess.run(
                [sys.executable, str(ROOT / "bench/gen_corpus.py"), str(size), str(corpus)],
                check=True,
                capture_output=True,
            )
            digest_site(args.quire, f"corpus-{size}", corpus, work, out, bundles=size <= 300)
    print("\n".join(out))


if __name__ == "__main__":
    main()
