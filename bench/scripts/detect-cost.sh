#!/usr/bin/env bash
# What detection costs inside analyze (issue 6, "What it must show" item 4): `analyze` and
# `analyze --detect` on the ~1 GB generated access log, one and two threads, interleaved run by
# run (analyze, --detect, analyze, …) so that load drift on a shared machine hits both alike.
# Reports median wall and user seconds and the ratio --detect ÷ analyze (tests, not this script,
# check that the Security section holds exactly the findings of `detect`). A second table does
# the same on the log's first 300 MB with every path made distinct (`/u<line number>` appended):
# the case of real logs with ids in URLs, where per-distinct-value work is paid on every line.
#
#   bash bench/scripts/detect-cost.sh                      # 7 runs each, 1 and 2 threads
#   bash bench/scripts/detect-cost.sh --runs 3 --fastlog /tmp/pub/fastlog
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

RUNS=7
FASTLOG=artifacts/fastlog
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --runs) RUNS=$2; shift 2 ;;
        --fastlog) FASTLOG=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
log() { echo "detect-cost.sh: $*" >&2; }

command -v /usr/bin/time >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null; }
[ -x "$FASTLOG" ] || { log "building $FASTLOG"; dotnet pwsh build.ps1 publish >/dev/null; }

WORK=bench/work
mkdir -p "$WORK" bench/results
LOG=$WORK/access_1g.log
[ -s "$LOG" ] || { log "generating $LOG"; "$FASTLOG" generate --format combined --size 1G --seed 1 -o "$LOG"; }
UNIQUE=$WORK/access_300m_unique.log
[ -s "$UNIQUE" ] || head -c 300000000 "$LOG" | head -n -1 \
    | awk '{ i = index($0, " HTTP/"); if (i > 0) print substr($0, 1, i - 1) "/u" NR substr($0, i); else print }' >"$UNIQUE"
cat "$LOG" "$UNIQUE" >/dev/null # warm the page cache
MACHINE=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | awk '{print $1"-"$2}' | tr -cd 'A-Za-z0-9-')
OUT=${OUT:-bench/results/${MACHINE:-machine}-detect-cost.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A binary whose --detect does nothing would look free: make sure it reports findings.
"$FASTLOG" analyze --detect --stable --threads 2 "$LOG" >"$TMP/detect.txt"
grep -q '== Security: findings' "$TMP/detect.txt" || { log "no Security section in analyze --detect"; exit 1; }

measure() { # input, threads, label
    for run in $(seq "$RUNS"); do
        for mode in analyze detect; do
            flag=""; [ "$mode" = detect ] && flag="--detect"
            /usr/bin/time -f "$3 $mode %e %U" -o "$TMP/t" "$FASTLOG" analyze $flag --threads "$2" --output json "$1" >/dev/null
            cat "$TMP/t" >>"$TMP/times"
        done
    done
}
measure "$LOG" 1 1
measure "$LOG" 2 2
measure "$UNIQUE" 1 u1

median() { sort -n | awk '{v[NR]=$1} END {print (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2}'; }
{
    echo "# Cost of \`analyze --detect\` over \`analyze\` (issue 6, item 4)"
    echo
    echo "Machine: $(lscpu | sed -n 's/^Model name:[[:space:]]*//p'), $(nproc) cores; load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)."
    echo "Binary: \`$FASTLOG\` ($("$FASTLOG" --version)). Input: \`$LOG\`, $(stat -L -c %s "$LOG") bytes, $(wc -l <"$LOG") lines, warm cache."
    echo "$RUNS interleaved runs per row (analyze, --detect, analyze, …); medians. Target: ratio ≤ 1.30."
    echo
    echo "| input, threads | analyze wall s | --detect wall s | wall ratio | analyze user s | --detect user s | user ratio |"
    echo "| --- | ---: | ---: | ---: | ---: | ---: | ---: |"
    for threads in 1 2 u1; do
        aw=$(awk -v t="$threads" '$1 == t && $2 == "analyze" {print $3}' "$TMP/times" | median)
        dw=$(awk -v t="$threads" '$1 == t && $2 == "detect" {print $3}' "$TMP/times" | median)
        au=$(awk -v t="$threads" '$1 == t && $2 == "analyze" {print $4}' "$TMP/times" | median)
        du=$(awk -v t="$threads" '$1 == t && $2 == "detect" {print $4}' "$TMP/times" | median)
        label="1 GB, $threads"; [ "$threads" = u1 ] && label="300 MB distinct paths, 1"
        echo "| $label | $aw | $dw | $(awk -v a="$aw" -v d="$dw" 'BEGIN {printf "%.2f", d / a}') | $au | $du | $(awk -v a="$au" -v d="$du" 'BEGIN {printf "%.2f", d / a}') |"
    done
    echo
    echo "Distinct-path input: \`$UNIQUE\`, $(stat -L -c %s "$UNIQUE") bytes, $(wc -l <"$UNIQUE") lines (every path distinct)."
    echo
    echo "All runs (threads or u1 = distinct paths on 1 thread, command, wall s, user s):"
    echo
    echo '```'
    cat "$TMP/times"
    echo '```'
} >"$OUT"
log "wrote $OUT"
cat "$OUT"
