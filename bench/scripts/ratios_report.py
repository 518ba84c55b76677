"""Formats bench/scripts/ratios.sh's timings (TIMES: set, key, "wall user sys" per run; DESCR: set,
file, description) as issue 18's ratio table. Usage: ratios_report.py TIMES DESCR FASTLOG RUNS VERSION."""
import sys, statistics, collections
times, descr, fastlog, runs, version = sys.argv[1:6]
wall = collections.defaultdict(list); cpu = collections.defaultdict(list); load = {}
for line in open(times):
    s, k, v = line.rstrip('\n').split('\t')
    if k.startswith('_load'):
        load[(s, k)] = v; continue
    parts = v.split()
    if len(parts) != 3: continue
    e, u, sy = map(float, parts)
    wall[(s, k)].append(e); cpu[(s, k)].append(u + sy)
sets = [l.split('\t')[0] for l in open(descr)]
files = {l.split('\t')[0]: (l.split('\t')[1], l.rstrip('\n').split('\t')[2]) for l in open(descr)}
med = lambda d, s, k: statistics.median(d[(s, k)]) if d.get((s, k)) else None
# (label, numerator key, denominator key, target, "higher is better")
rows = [
    ("`grep -c ' 404 '` ÷ `analyze`", 'grep', 'analyze', '≥ 1.25', True),
    ("`count --by status` ÷ `wc -l`", 'status', 'wc', '≤ 2.0', False),
    ("`top ip` ÷ `wc -l`", 'topip', 'wc', '≤ 2.5', False),
    ("awk top-IP pipeline ÷ `top ip`", 'awkip', 'topip', '≥ 12', True),
    ("`mawk` status histogram ÷ `count --by status`", 'mawk', 'status', '≥ 8', True),
    ("GoAccess ÷ `analyze` (same slice)", 'goaccess', 'analyze_slice', '≥ 100', True),
]
access = [s for s in sets if s != 'json']
def ratio(d, s, a, b):
    x, y = med(d, s, a), med(d, s, b)
    return None if x is None or y is None or y == 0 else x / y
def fmt(r): return '—' if r is None else f'{r:.2f}'
def met(r, target, higher):
    if r is None: return ''
    t = float(target.split()[-1])
    return ' ✓' if (r >= t if higher else r <= t) else ' ✗'
print(f"# Issue 18 ratio table\n\nfastlog: {version} (`{fastlog}`); {runs} interleaved rounds per set after one warm-up round; warm page cache.\n")
print("Each cell: ratio on **wall-time** medians / ratio on **CPU-time** (perf task-clock, else user+sys) medians. ✓/✗: the wall ratio against the target.\n")
print('| ratio | target | ' + ' | '.join(access) + ' |')
print('|---|---:|' + '---:|' * len(access))
for label, a, b, target, higher in rows:
    cells = []
    for s in access:
        w, c = ratio(wall, s, a, b), ratio(cpu, s, a, b)
        cells.append(f'{fmt(w)}{met(w, target, higher)} / {fmt(c)}')
    print(f'| {label} | {target} | ' + ' | '.join(cells) + ' |')
if 'json' in sets:
    w, c = ratio(wall, 'json', 'duckdb', 'bytype'), ratio(cpu, 'json', 'duckdb', 'bytype')
    print(f"\n| ratio | target | json |\n|---|---:|---:|\n| DuckDB `read_json` ÷ `count --by type` (2 threads each) | ≥ 1.5 | {fmt(w)}{met(w, '≥ 1.5', True)} / {fmt(c)} |")
print('\n## Medians (seconds): wall / CPU\n')
for s in sets:
    f, d = files[s]
    print(f"**{s}** — `{f}` ({d}); load average {load.get((s, '_load_start'), '?')} at start, {load.get((s, '_load_end'), '?')} at end\n")
    print('| command | wall s | CPU s | runs |\n|---|---:|---:|---:|')
    for (ss, k) in wall:
        if ss == s:
            print(f'| {k} | {med(wall, s, k):.3f} | {med(cpu, s, k):.3f} | {len(wall[(s, k)])} |')
    print()
