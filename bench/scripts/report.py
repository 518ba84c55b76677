#!/usr/bin/env python3
"""Writes bench/results/<machine>.md from what bench/scripts/compare.sh measured.

Inputs: the manifest of hyperfine runs (one JSON export per command, with the load other
processes put on the machine during it), the peak-memory samples, and each tool's answer.
Called by compare.sh; not meant to be run by hand.
"""

import argparse
import datetime
import json
import statistics

ap = argparse.ArgumentParser()
for name in ("manifest", "rss", "answers", "out", "file", "origin", "versions", "rss-file"):
    ap.add_argument("--" + name, default="")
for name in ("bytes", "lines", "runs", "warmup", "gate", "slice-bytes", "binary-bytes", "where", "fresh"):
    ap.add_argument("--" + name, type=int, default=0)
for name in ("quiet-busy", "quiet-secs", "max-foreign"):
    ap.add_argument("--" + name, type=float, default=0)
a = ap.parse_args()

MB = a.bytes / 1e6


def fmt_int(x):
    return format(int(round(x)), ",")


# --- hyperfine results ---------------------------------------------------------------------------

runs = {}  # key -> dict(name, median, min, max, mean, stddev, times, foreign, tries, busy, scale)
for line in open(a.manifest):
    key, name, path, foreign, tries, busy, scale = line.rstrip("\n").split("\t")
    r = json.load(open(path))["results"][0]
    scale = float(scale)
    runs[key] = dict(name=name, median=r["median"] * scale, min=r["min"] * scale, max=r["max"] * scale,
                     mean=r["mean"] * scale, stddev=(r.get("stddev") or 0) * scale, n=len(r["times"]),
                     raw_median=r["median"], foreign=float(foreign), tries=int(tries), busy=int(busy), scale=scale)


def med(key):
    return runs[key]["median"] if key in runs else None


wc = med("wc")
FASTLOG_KEYS = ("analyze", "count", "count1", "status", "topip", "where")


def md_code(text):
    """`text` as inline code that survives a markdown table (pipes escaped)."""
    return "`%s`" % text.replace("|", "\\|")


def display_name(key):
    r = runs[key]
    if r["scale"] != 1:
        return "%s on the first %.0f MB, ×%.2f (scaled)" % (md_code(r["name"]), a.slice_bytes / 1e6, r["scale"])
    return md_code(r["name"])


rows = []
for key, r in runs.items():
    if key == "startup":
        continue
    rows.append("| %s | %.3f | %.3f–%.3f | %s | %.2f | %.1f | %d%s |" % (
        display_name(key), r["median"], r["min"], r["max"], fmt_int(MB / r["median"]),
        r["median"] / wc if wc else float("nan"), r["foreign"], r["n"],
        "" if r["tries"] == 1 else " (try %d)" % r["tries"]))

# --- targets (issue 3, with the SPEC's stricter variants as notes) --------------------------------

targets = []


def target(what, value_text, holds, detail):
    targets.append("| %s | %s | %s | %s |" % (what, value_text, "**holds**" if holds else "**fails**", detail))


def ratio_row(what, num, den, op, bound, detail_fmt):
    if num not in runs or den not in runs:
        targets.append("| %s | not measured | — | %s |" % (what, "needs " + ", ".join(k for k in (num, den) if k not in runs)))
        return
    x = med(num) / med(den)
    holds = x < bound if op == "<" else x >= bound if op == ">=" else x <= bound
    # The fastlog time the target asks for: fastlog is the denominator of "≥" rows (peer ÷ fastlog)
    # and the numerator of the others (fastlog ÷ peer).
    ours, needed = (den, med(num) / bound) if op == ">=" else (num, med(den) * bound)
    detail = detail_fmt % (med(num), med(den))
    if not holds:
        detail += "; needs %s %s %.3f s (%.2f× faster)" % (runs[ours]["name"], "<" if op == "<" else "≤", needed, med(ours) / needed)
    target(what, "%.2f×" % x, holds, detail)


ratio_row("`analyze` faster than `grep -c ' 404 '` (analyze ÷ grep < 1)", "analyze", "grep", "<", 1.0,
          "analyze %.3f s, grep %.3f s")
ratio_row("`top ip` ≥ 10× faster than `awk \\| sort \\| uniq -c` (awk ÷ top)", "awkip", "topip", ">=", 10.0,
          "awk pipeline %.3f s, top ip %.3f s")
ratio_row("`count --by status` ≥ 10× faster than mawk (mawk ÷ count)", "mawk", "status", ">=", 10.0,
          "mawk %.3f s, count --by status %.3f s")
ratio_row("`count --by status` ≥ 4× faster than DuckDB (DuckDB ÷ count)", "duckdb", "status", ">=", 4.0,
          "DuckDB %.3f s, count --by status %.3f s")
ratio_row("`top ip` within 2.5× of `wc -l` (top ÷ wc)", "topip", "wc", "<=", 2.5, "top ip %.3f s, wc -l %.3f s")
ratio_row("`count --by status` within 2.5× of `wc -l` (count ÷ wc)", "status", "wc", "<=", 2.5,
          "count --by status %.3f s, wc -l %.3f s")
ratio_row("`count` within 2.5× of `wc -l` (count ÷ wc)", "count", "wc", "<=", 2.5, "count %.3f s, wc -l %.3f s")
ratio_row("GoAccess ≥ 100× slower than `analyze` (GoAccess scaled ÷ analyze)", "goaccess", "analyze", ">=", 100.0,
          "GoAccess %.1f s (scaled), analyze %.3f s")

# --- peak memory ---------------------------------------------------------------------------------

rss = {}  # key -> dict(label, bytes, anon[], file[], secs[])
if a.rss:
    for line in open(a.rss):
        key, label, nbytes, anon, files, hwms, secs, keys = line.rstrip("\n").split("\t")
        rss[key] = dict(label=label, bytes=int(nbytes), anon=[int(x) for x in anon.split()],
                        file=[int(x) for x in files.split()], hwm=[int(x) for x in hwms.split()],
                        secs=[float(x) for x in secs.split()], keys=keys)


def rss_mb(key):
    return statistics.median(rss[key]["anon"]) / 1024 if key in rss else None


if "analyze" in rss and "analyze-large" in rss:
    small, large = rss_mb("analyze"), rss_mb("analyze-large")
    x = large / small
    target("peak RssAnon of `analyze` flat from %.1f GB to %.1f GB (large ÷ small ≤ 1.2)" % (
        rss["analyze"]["bytes"] / 1e9, rss["analyze-large"]["bytes"] / 1e9),
        "%.2f×" % x, x <= 1.2, "%.0f MB → %.0f MB" % (small, large))
else:
    targets.append("| peak RssAnon flat from 1 GB to 4 GB | not measured | — | run without --no-rss |")
if "analyze" in rss and "analyze-repeat" in rss:
    small, large = rss_mb("analyze"), rss_mb("analyze-repeat")
    x = large / small
    target("control: the same, on the first log four times over (same distinct keys, 4× the bytes)",
           "%.2f×" % x, x <= 1.2, "%.0f MB → %.0f MB" % (small, large))

spec = []
if "analyze" in runs and "mawk" in runs:
    x = med("mawk") / med("analyze")
    spec.append("| `analyze` ≥ 20× mawk's status histogram | %.2f× | %s |" % (x, "holds" if x >= 20 else "fails"))
for key in ("topip", "status", "count"):
    if key in runs and wc:
        x = med(key) / wc
        spec.append("| `%s` within 2× of `wc -l` | %.2f× | %s |" % (runs[key]["name"], x, "holds" if x <= 2 else "fails"))
if "count1" in runs:
    mbps = MB / med("count1")
    spec.append("| ≥ 1 GB/s per core parsing access logs (`count --threads 1`, read + parse) | %s MB/s | %s |" % (
        fmt_int(mbps), "holds" if mbps >= 1000 else "fails"))
if "count1" in runs and "count" in runs:
    spec.append("| throughput grows with cores (`count`, 2 threads ÷ 1 thread) | %.2f× | %s |" % (
        med("count1") / med("count"), "(2 cores: 2× is linear)"))
if "startup" in runs:
    ms = runs["startup"]["raw_median"] * 1000
    spec.append("| start-up of the native binary under 20 ms (`fastlog --version`) | %.1f ms | %s |" % (
        ms, "holds" if ms < 20 else "fails"))
if a.binary_bytes:
    spec.append("| binary under 15 MB | %.2f MB | %s |" % (a.binary_bytes / 1e6, "holds" if a.binary_bytes < 15e6 else "fails"))

rss_rows = []
for key, r in rss.items():
    rss_rows.append("| %s | %.2f GB | %.2f | %s | **%.0f** | %.0f | %.0f | %s |" % (
        md_code(r["label"]), r["bytes"] / 1e9, statistics.median(r["secs"]),
        " / ".join("%.0f" % (x / 1024) for x in r["anon"]), statistics.median(r["anon"]) / 1024,
        statistics.median(r["file"]) / 1024, statistics.median(r["hwm"]) / 1024, r["keys"] or "—"))

# --- the seed's "Performance Analysis" table -----------------------------------------------------


def perf_row(stage, op, key, what):
    if key not in runs:
        return "| **%s** | %s | %s | not available yet | — |" % (stage, op, what)
    m = med(key)
    mem = "%.0f MB" % rss_mb(key) if key in rss else "—"
    return "| **%s** | %s | %s | %s MB/s, %.1f M lines/s (%.3f s) | %s |" % (
        stage, op, what, fmt_int(MB / m), a.lines / 1e6 / m, m, mem)


perf = [
    perf_row("Log Ingestion", "`read_text()`, `read_json()`", "count",
             "`fastlog count`: read, cut into lines, parse every field, count records (2 threads)"),
    perf_row("Log Parsing", "`map_batches()`", "count1",
             "`fastlog count --threads 1`: the same on one core (parsing is fused with reading)"),
    perf_row("Log Filtering", "`filter()`", "where", "`fastlog count --where 'status == 404'`"),
    perf_row("Log Aggregation", "`groupby()`", "status", "`fastlog count --by status` (one small table)"),
    perf_row("Log Aggregation", "`groupby()`", "topip", "`fastlog top ip` (one table of client addresses)"),
    perf_row("Log Aggregation", "`groupby()` (all of them)", "analyze",
             "`fastlog analyze`: every section (traffic, errors, performance, visitors, …)"),
]

# --- answers -------------------------------------------------------------------------------------

answer_rows = []
for line in open(a.answers):
    parts = line.rstrip("\n").split("\t")
    if len(parts) == 5:
        answer_rows.append("| %s | `%s` | %s | `%s` | %s |" % tuple(p.replace("|", "\\|") for p in parts))

raw_rows = []
for key, r in runs.items():
    raw_rows.append("| %s | %.4f ± %.4f | %.4f | %d | %s |" % (
        md_code(r["name"]), r["mean"] / r["scale"], r["stddev"] / r["scale"], r["raw_median"], r["n"],
        "×%.2f" % r["scale"] if r["scale"] != 1 else ""))

foreign_max = max((r["foreign"] for r in runs.values()), default=0)
startup_text = ""
if "startup" in runs:
    s = runs["startup"]
    startup_text = "`fastlog --version`, %d runs without a shell (hyperfine -N): median **%.2f ms** (min %.2f, max %.2f)." % (
        s["n"], s["raw_median"] * 1000, s["min"] * 1000, s["max"] * 1000)

gate_text = ("each command waited until the whole machine had been under %g %% busy for %g s, and was re-run "
             "(up to 3 tries) when other processes used more than %g %% of one core while it ran; the last "
             "column of the table is that load" % (a.quiet_busy, a.quiet_secs, a.max_foreign)) if a.gate else \
    "**not gated** (--no-gate): other work on the machine may be in these numbers"

text = """# fastlog vs peers: {fname}

Generated by `bench/scripts/compare.sh` on {date} UTC. Do not edit by hand.

**What was measured:** one generated combined log, `{file}` ({origin}, seed 1), {nbytes} bytes
({mb:.1f} MB), {nlines} lines; warm page cache ({cache}, then read once with `cat`, and every
command had warm-up runs); medians of {runs} runs (`wc -l`: {wcruns}; GoAccess: 3 runs on a {slice:.0f} MB slice,
scaled to the whole file), one command at a time with hyperfine, stdout through a pipe
(`--output=pipe`). Gate: {gate}. Highest such load in this pass: {foreign_max:.1f} % of a core.

**Caveat:** a shared 2-core VM. Sub-second numbers move by 10–25 % between runs and up to 3×
with the page-cache state, so compare ratios taken in
the same pass, never absolute numbers across passes. The peers do not give exactly the same answers
as fastlog: `grep ' 404 '` also counts 404-byte responses and URLs, awk's `$9` shifts on raw
spaces in a request, DuckDB skips lines its CSV reader rejects (last table).

## Issue 3 targets

| target | measured | verdict | figures |
| --- | ---: | --- | --- |
{targets}

The SPEC's own (stricter or additional) targets, from the same pass:

| SPEC target | measured | verdict |
| --- | ---: | --- |
{spec}

## All commands

| command | median s | min–max s | MB/s | × `wc -l` | other processes, % of a core | runs |
| --- | ---: | ---: | ---: | ---: | ---: | ---: |
{rows}

## Peak memory

Sampled from `/proc/PID/status` every 50 ms, three runs each (default threads), medians.
RssAnon is heap, stacks and buffers; RssFile is file-backed pages (the binary; the log itself is read with
`pread`, not mapped, so it is in neither); VmHWM is the kernel's high-water mark of the whole RSS, which
also catches peaks between two samples (a run of a few samples can miss its RssAnon peak; VmHWM bounds it).
The last column is what analyze's memory grows with: the generators' client pools grow with the file,
so a larger generated log has more distinct clients and visitors (per-day client + agent pairs);
the "×4" row repeats the first log four times, which keeps its keys and quadruples the bytes.

| command | input | seconds (median) | peak RssAnon MiB, 3 runs | median | peak RssFile MiB | VmHWM MiB | distinct keys (analyze) |
| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |
{rss_rows}

## Start-up and size

{startup} Binary `artifacts/fastlog`: {binary} bytes ({binary_mb:.2f} MB).

## Performance Analysis (the seed tutorial's table, measured)

The tutorial's framework table ("Log Processing Performance Framework") with fastlog's figures on
this file, from the runs above. fastlog has no separate ingestion step: it reads, cuts and parses in
one pass per chunk, so ingestion and parsing are the same command, on 2 threads and on 1.
Memory is the median peak anonymous RSS from the table above.

| Processing Stage | Ray Data Operation | fastlog (what runs) | Throughput | Memory Usage |
|------------------|-------------------|---------------------|------------|--------------|
{perf}

## Same question, each tool's answer

Counted once per tool outside the timed runs. fastlog parses each record; the peers match
text, so they also count malformed and truncated lines, 404-byte responses and URLs containing
` 404 `, and awk's `$9` shifts when a request has raw spaces.

| question | fastlog | answer | peer | answer |
| --- | --- | ---: | --- | ---: |
{answers}

## Versions

{versions}

## Raw hyperfine figures (unscaled)

| command | mean ± σ s | median s | runs | scaled |
| --- | ---: | ---: | ---: | --- |
{raw}
""".format(
    cache="written by the generator in this pass" if a.fresh else "a file written before this pass",
    fname=a.file.split("/")[-1], date=datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M"),
    file=a.file, origin=a.origin, nbytes=fmt_int(a.bytes), mb=MB, nlines=fmt_int(a.lines), runs=a.runs,
    wcruns=runs["wc"]["n"] if "wc" in runs else "—", slice=a.slice_bytes / 1e6, gate=gate_text,
    foreign_max=foreign_max, targets="\n".join(targets), spec="\n".join(spec), rows="\n".join(rows),
    rss_rows="\n".join(rss_rows) or "| not measured (--no-rss) | | | | | | |", startup=startup_text,
    binary=fmt_int(a.binary_bytes), binary_mb=a.binary_bytes / 1e6, perf="\n".join(perf),
    answers="\n".join(answer_rows), versions=a.versions, raw="\n".join(raw_rows))
with open(a.out, "w") as f:
    f.write(text)
print("compare.sh: wrote " + a.out)
