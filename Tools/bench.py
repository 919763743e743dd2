#!/usr/bin/env python3
"""Benchmark `almanac build` on the sample repo and on generated repos (`make bench`).

    python3 Tools/bench.py --almanac .build/release/almanac              # content/, ~1,000, ~10,000 pages
    python3 Tools/bench.py --almanac … --pages 1000,10000,50000 --runs 3
    python3 Tools/bench.py --almanac … --calibrate                         # re-fit --pages in the generator

For each repo it prints the HTML pages written, wall time, CPU time (user + sys), peak memory
(the child's maximum resident set), the site's size on disk, the size of its search index
(`assets/search/` in the built site, 0 when there is none) and the time of each stage (`--verbose`),
then writes the table to .bench/results.md. Generated repos are cached in .bench/repos/, keyed by
seed, size and the generator's own hash, so only the first run pays for generating them.

A benchmark, not a test: nothing here asserts a time. Python 3 standard library only.
"""

import argparse
import datetime
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GENERATOR = os.path.join(ROOT, "Tools", "generate-repo.py")


def generator_hash():
    with open(GENERATOR, "rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest()[:10]


def generated_repo(work, seed, services=None, pages=None):
    """Path of a generated repo, generating it unless the cache already holds this version."""
    size = f"pages{pages}" if pages is not None else f"services{services}"
    key = f"seed{seed}-{size}-{generator_hash()}"
    repos = os.path.join(work, "repos")
    path = os.path.join(repos, key)
    if not os.path.isfile(os.path.join(path, "almanac.yaml")):
        os.makedirs(repos, exist_ok=True)
        for stale in sorted(os.listdir(repos)):  # older generator versions of the same size
            if stale.startswith(f"seed{seed}-{size}-") and stale != key:
                shutil.rmtree(os.path.join(repos, stale))
        argument = ["--pages", str(pages)] if pages is not None else ["--services", str(services)]
        began = time.perf_counter()
        subprocess.run([sys.executable, GENERATOR, *argument, "--seed", str(seed), "--out", path],
                       check=True, stdout=subprocess.DEVNULL)
        print(f"  generated {os.path.relpath(path, ROOT)} in {time.perf_counter() - began:.1f} s", flush=True)
    return path


def tree_size(path):
    """(files, apparent bytes, bytes on disk) below path; zeros when it does not exist."""
    files = apparent = disk = 0
    if not os.path.isdir(path):
        return 0, 0, 0
    for folder, _, names in os.walk(path):
        for name in names:
            info = os.lstat(os.path.join(folder, name))
            files += 1
            apparent += info.st_size
            disk += info.st_blocks * 512
    return files, apparent, disk


STAGE = re.compile(r"^  (?! )(\w+)\s+([0-9.]+) s$")


def set_aside(out, trash):
    """Moves an old site out of the way instead of deleting it: on ext4 without a journal,
    creating files soon after deleting many costs far more (the allocator skips inodes freed in
    the last 30 s), which would charge our own clean-up to the next build."""
    if os.path.exists(out):
        os.makedirs(trash, exist_ok=True)
        os.rename(out, os.path.join(trash, f"{os.path.basename(out)}-{len(os.listdir(trash))}"))


def build(almanac, repo, out):
    """One `almanac build --verbose`, measured: wall, user, sys, max RSS, stage times."""
    set_aside(out, os.path.join(os.path.dirname(out), ".trash"))  # every run writes a new tree
    with tempfile.TemporaryFile() as stdout, tempfile.TemporaryFile() as stderr:
        began = time.perf_counter()
        child = subprocess.Popen([almanac, "build", repo, "--out", out, "--verbose"], stdout=stdout, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - began
        child.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        log = stderr.read().decode("utf-8", "replace")
    # 0: clean, 1: findings (the site is still written); anything else is a failed build.
    if child.returncode not in (0, 1):
        sys.exit(f"bench: almanac build {repo} exited {child.returncode}\n{log[-3000:]}")
    stages = {m.group(1): float(m.group(2)) for m in map(STAGE.match, log.splitlines()) if m}
    return {"wall": wall, "user": usage.ru_utime, "sys": usage.ru_stime,
            "rss": usage.ru_maxrss * 1024, "stages": stages}


def measure(almanac, label, repo, out, runs):
    results = [build(almanac, repo, out) for _ in range(runs)]
    # The run with the median wall time stands for all of them.
    result = sorted(results, key=lambda r: r["wall"])[len(results) // 2]
    result["walls"] = [r["wall"] for r in results]
    files, apparent, disk = tree_size(out)
    pages = 0
    for _, _, names in os.walk(out):
        pages += sum(name.endswith(".html") for name in names)
    catalog = os.path.join(out, "catalog.json")
    services = len(json.load(open(catalog, encoding="utf-8")).get("services", [])) if os.path.isfile(catalog) else 0
    source_files, source_bytes, _ = tree_size(repo)
    _, index_bytes, _ = tree_size(os.path.join(out, "assets", "search"))
    result.update(label=label, services=services, source_files=source_files, source_bytes=source_bytes,
                  pages=pages, files=files, site_bytes=apparent, site_disk=disk, index_bytes=index_bytes)
    return result


def megabytes(value):
    return f"{value / 1_000_000:.1f} MB" if value >= 100_000 else f"{value / 1000:.0f} kB"


def table(results):
    stage_names = ["scan", "analyze", "render", "write"]
    for result in results:
        stage_names += [s for s in result["stages"] if s not in stage_names]
    head = ("| repo | services | source files | HTML pages | wall | CPU user + sys | peak memory "
            "| site on disk (files) | search index | " + " · ".join(stage_names) + " |")
    lines = [head, "|" + " --- |" * 10]
    for r in results:
        wall = f"{r['wall']:.2f} s"
        if len(r["walls"]) > 1:
            wall += f" ({min(r['walls']):.2f}–{max(r['walls']):.2f})"
        stages = " · ".join(f"{r['stages'][s]:.2f}" if s in r["stages"] else "–" for s in stage_names)
        lines.append(
            f"| {r['label']} | {r['services']:,} | {r['source_files']:,} | {r['pages']:,} | {wall} "
            f"| {r['user']:.2f} s + {r['sys']:.2f} s | {r['rss'] / 1_000_000:.0f} MB "
            f"| {megabytes(r['site_disk'])} ({r['files']:,}) | {megabytes(r['index_bytes']) if r['index_bytes'] else '0'} "
            f"| {stages} s |")
    return "\n".join(lines)


def machine():
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as handle:
            names = [line.split(":", 1)[1].strip() for line in handle if line.startswith("model name")]
            cpu = names[0] if names else cpu
    except OSError:
        pass
    def git(*args):
        try:
            return subprocess.run(["git", "-C", ROOT, *args], capture_output=True, text=True).stdout.strip()
        except OSError:
            return ""
    commit = git("rev-parse", "--short", "HEAD") or "unknown"
    if git("status", "--porcelain", "--untracked-files=no"):
        commit += " (with local changes)"
    return f"{os.cpu_count()} × {cpu}, {platform.system()} {platform.release()}; almanac at {commit}"


def calibrate(almanac, work, seed):
    """Fit pages = fixed + per_service × services on two generated sizes."""
    points = []
    for services in (100, 400):
        repo = generated_repo(work, seed, services=services)
        result = measure(almanac, f"{services} services", repo, os.path.join(work, "sites", f"calibrate-{services}"), 1)
        shutil.rmtree(os.path.join(work, "sites", ".trash"), ignore_errors=True)
        points.append((result["services"], result["pages"]))
        print(f"  {result['services']} services → {result['pages']} HTML pages", flush=True)
    (s1, p1), (s2, p2) = points
    per_service = (p2 - p1) / (s2 - s1)
    fixed = p1 - per_service * s1
    print(f"PAGES_PER_SERVICE = {per_service:.2f}\nPAGES_FIXED = {fixed:.0f}\n"
          f"(set them in Tools/generate-repo.py)")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--almanac", default=os.path.join(ROOT, ".build", "release", "almanac"))
    parser.add_argument("--pages", default="1000,10000", help="sizes of the generated repos, in pages")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3, help="builds per repo; the median is reported (default 3)")
    parser.add_argument("--work", default=os.path.join(ROOT, ".bench"), help="cache and output folder")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample repo content/")
    parser.add_argument("--calibrate", action="store_true", help="measure pages per service for --pages")
    args = parser.parse_args()
    almanac = os.path.abspath(args.almanac)
    if not os.access(almanac, os.X_OK):
        sys.exit(f"bench: no almanac binary at {almanac} (run `swift build -c release` first)")
    os.makedirs(args.work, exist_ok=True)
    if args.calibrate:
        calibrate(almanac, args.work, args.seed)
        return

    load_before = os.getloadavg()[0]  # before anything of ours runs
    targets = [] if args.no_sample else [("sample `content/`", os.path.join(ROOT, "content"))]
    for pages in (int(p) for p in args.pages.split(",") if p.strip()):
        targets.append((f"generated, ~{pages:,} pages", generated_repo(args.work, args.seed, pages=pages)))
    results = []
    for label, repo in targets:
        name = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")
        print(f"building {label} ({os.path.relpath(repo, ROOT)})", flush=True)
        results.append(measure(almanac, label, repo, os.path.join(args.work, "sites", name), args.runs))
        r = results[-1]
        print(f"  {r['pages']:,} pages · {r['wall']:.2f} s wall · {r['user'] + r['sys']:.2f} s CPU · "
              f"{r['rss'] / 1_000_000:.0f} MB peak", flush=True)

    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    busy = ""
    if load_before > 1:
        busy = (f"**The machine was busy** (load average {load_before:.1f} on {os.cpu_count()} cores before the "
                "run): wall times are inflated by waiting for a CPU; CPU times are the comparable figures.\n\n")
    report = (f"# Almanac benchmark\n\n{when} · {machine()} · seed {args.seed} · "
              f"{args.runs} run{'s' if args.runs != 1 else ''} per repo\n\n{busy}{table(results)}\n\n"
              "Pages: HTML files in the built site (service, document, source-view and index pages). "
              "Peak memory: maximum resident set of the almanac process. Search index: `assets/search/` in the "
              "site. Stages: `almanac build --verbose`, in seconds.\n")
    shutil.rmtree(os.path.join(args.work, "sites", ".trash"), ignore_errors=True)
    with open(os.path.join(args.work, "results.md"), "w", encoding="utf-8") as handle:
        handle.write(report)
    print("\n" + report)
    print(f"written to {os.path.relpath(os.path.join(args.work, 'results.md'), ROOT)}")


if __name__ == "__main__":
    main()
