#!/usr/bin/env bash
# JSON throughput, side by side (bench/results/json.md): fastlog `count --by type` on generated
# GitHub events against DuckDB read_json (bench/peers, 2 threads each), and `count` /
# `count --by event_name` / `count --by level` on CloudTrail and application JSONL, for one or
# two fastlog binaries (before/after). Runs are interleaved (A B C A B C …) so machine load hits
# every command alike; prints median wall and CPU (user+sys) seconds per command and the load.
#
# usage: bench/scripts/json-bench.sh [--runs N] [--dir DIR] [--base OLD_BINARY] [--no-duckdb | --peers PEERS_DLL] [FASTLOG]
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
RUNS=7
DIR=${TMPDIR:-/tmp}/fastlog-json-bench
BASE=""
DUCKDB=1
PEERS_DLL=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --dir) DIR=$2; shift 2 ;;
        --base) BASE=$2; shift 2 ;;
        --no-duckdb) DUCKDB=0; shift ;;
        --peers) PEERS_DLL=$2; shift 2 ;;
        *) FASTLOG=$1; shift ;;
    esac
done
FASTLOG=${FASTLOG:-$ROOT/artifacts/fastlog}
mkdir -p "$DIR"
GH=$DIR/github_1g.json CT=$DIR/cloudtrail_256m.json JL=$DIR/app_256m.jsonl
[ -s "$GH" ] || "$FASTLOG" generate --format github --size 1G -o "$GH"
[ -s "$CT" ] || "$FASTLOG" generate --format cloudtrail --size 256M -o "$CT"
# An application log (jsonl default mapping: ts, level, msg, service, host, ip, method, path),
# 256 MB, fixed seed; a nested "ctx" object the mapping skips.
[ -s "$JL" ] || python3 - "$JL" <<'PY'
import json, random, sys
random.seed(18)
levels = ["info"] * 80 + ["warn"] * 12 + ["error"] * 6 + ["debug"] * 2
services = ["api", "auth", "billing", "search", "worker"]
paths = ["/api/v1/items", "/api/v1/items/%d", "/login", "/search?q=%s", "/health"]
target = 256 * 1000 * 1000
with open(sys.argv[1], "w") as out:
    size, i = 0, 0
    while size < target:
        p = random.choice(paths)
        p = p % random.randint(1, 99999) if "%d" in p else p % "a+b" if "%s" in p else p
        rec = {"ts": "2024-03-%02dT%02d:%02d:%02d.%03dZ" % (1 + i // 2000000 % 28, i // 90000 % 24, i // 1500 % 60, i // 25 % 60, i % 1000),
               "level": random.choice(levels), "service": random.choice(services), "host": "h%d" % random.randint(1, 40),
               "ip": "10.%d.%d.%d" % (random.randint(0, 255), random.randint(0, 255), random.randint(1, 254)),
               "method": random.choice(["GET", "GET", "POST", "PUT"]), "path": p,
               "msg": random.choice(["request done", "slow \"query\" on items", "cache miss", "retrying upstream\tcall"]),
               "latency": round(random.random() * 2, 4),
               "ctx": {"trace": "%032x" % random.getrandbits(128), "tags": ["a", "b"], "user": {"id": i, "plan": None}}}
        line = json.dumps(rec, separators=(",", ":")) + "\n"
        out.write(line)
        size += len(line)
        i += 1
PY
if [ "$DUCKDB" -eq 1 ] && [ -z "$PEERS_DLL" ]; then
    dotnet build "$ROOT/bench/peers" -c Release -nologo -v quiet >/dev/null
    PEERS_DLL=$(ls "$ROOT"/bench/peers/bin/Release/net*/linux-x64/peers.dll 2>/dev/null | head -n 1)
fi

names=() cmds=()
add() { names+=("$1"); cmds+=("$2"); }
for bin in ${BASE:+"$BASE"} "$FASTLOG"; do
    tag=$([ "$bin" = "$FASTLOG" ] && echo new || echo base)
    add "$tag: count --by type (github 1G)" "$bin count --by type --threads 2 --output csv $GH"
    add "$tag: count (cloudtrail 256M)" "$bin count --threads 2 --output csv $CT"
    add "$tag: count --by event_name (cloudtrail 256M)" "$bin count --by event_name --threads 2 --output csv $CT"
    add "$tag: count --by level (jsonl 256M)" "$bin count --by level --threads 2 --output csv $JL"
done
[ -n "$PEERS_DLL" ] && add "DuckDB read_json type (github 1G, 2 threads)" "dotnet $PEERS_DLL json $GH type"

TIMES=$DIR/times.tsv
: >"$TIMES"
for c in "${cmds[@]}"; do sh -c "$c" >/dev/null 2>&1 || true; done   # warm-up, page cache
for run in $(seq "$RUNS"); do
    for i in "${!cmds[@]}"; do
        /usr/bin/time -f "%e %U %S" -o "$DIR/t" sh -c "${cmds[$i]}" >/dev/null 2>&1
        printf '%s\t%s\n' "$i" "$(cat "$DIR/t")" >>"$TIMES"
    done
done
echo "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg); runs: $RUNS, interleaved"
python3 - "$TIMES" "${names[@]}" <<'PY'
import statistics, sys, os
rows = [l.split("\t") for l in open(sys.argv[1]).read().splitlines()]
names = sys.argv[2:]
print("| command | wall s (median) | CPU s user+sys (median) |")
print("|---|---:|---:|")
for i, n in enumerate(names):
    w = [float(r[1].split()[0]) for r in rows if int(r[0]) == i]
    c = [float(r[1].split()[1]) + float(r[1].split()[2]) for r in rows if int(r[0]) == i]
    print(f"| {n} | {statistics.median(w):.3f} | {statistics.median(c):.3f} |")
PY
