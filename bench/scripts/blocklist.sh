#!/usr/bin/env bash
# What `ip in @blocklist` costs (issue 12.8): load time, peak RSS and match throughput for
# blocklists of N entries (a mix of IPv4/IPv6 addresses and CIDRs, comments and blank lines),
# on a generated combined log. Load is measured on a one-line log (start-up included); match
# throughput is the log's lines over (wall on the log − wall of the load run).
#
#   bash bench/scripts/blocklist.sh                                  # 1M and 30M entries
#   bash bench/scripts/blocklist.sh --entries "1000000" --fastlog "dotnet /tmp/old/fastlog.dll" --label before
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

ENTRIES="1000000 30000000"
FASTLOG=artifacts/fastlog
LABEL=current
LOG_SIZE=200M
while [ $# -gt 0 ]; do
    case "$1" in
        --entries) ENTRIES=$2; shift 2 ;;
        --fastlog) FASTLOG=$2; shift 2 ;;
        --label) LABEL=$2; shift 2 ;;
        --log-size) LOG_SIZE=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
log() { echo "blocklist.sh: $*" >&2; }

WORK=bench/work
mkdir -p "$WORK" bench/results
LOG=$WORK/access_$LOG_SIZE.log
# shellcheck disable=SC2086 # FASTLOG may be "dotnet path/fastlog.dll"
[ -s "$LOG" ] || { log "generating $LOG"; $FASTLOG generate --format combined --size "$LOG_SIZE" --seed 1 -o "$LOG"; }
ONE=$WORK/one_line.log
head -n 1 "$LOG" >"$ONE"
LINES=$(wc -l <"$LOG")

for n in $ENTRIES; do
    LIST=$WORK/blocklist_$n.txt
    if [ ! -s "$LIST" ]; then
        log "generating $LIST"
        python3 - "$n" >"$LIST" <<'PY'
import random, sys
n = int(sys.argv[1]); r = random.Random(128); out = sys.stdout; buf = []
for i in range(n):
    if i % 1000 == 0: buf.append("# block %d\n\n" % (i // 1000))
    k = r.random()
    if k < 0.70:   buf.append("%d.%d.%d.%d\n" % (r.randrange(256), r.randrange(256), r.randrange(256), r.randrange(256)))
    elif k < 0.80: buf.append("%d.%d.%d.0/%d\n" % (r.randrange(256), r.randrange(256), r.randrange(256), r.randrange(24, 33)))
    elif k < 0.95: buf.append("2001:db8:%x:%x::%x\n" % (r.randrange(65536), r.randrange(65536), r.randrange(65536)))
    else:          buf.append("2001:db8:%x::/48\n" % r.randrange(65536))
    if len(buf) >= 100000: out.write("".join(buf)); buf = []
out.write("".join(buf))
PY
    fi
    for target in "$ONE" "$LOG"; do
        # shellcheck disable=SC2086
        /usr/bin/time -v $FASTLOG count "$target" --where "ip in @$LIST" >/dev/null 2>"$WORK/time.txt" || { cat "$WORK/time.txt" >&2; exit 1; }
        wall=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$WORK/time.txt")
        rss=$(awk -F': ' '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$WORK/time.txt")
        if [ "$target" = "$ONE" ]; then load=$wall; load_rss=$rss; else full=$wall; full_rss=$rss; fi
    done
    rate=$(awk -v l="$LINES" -v a="$full" -v b="$load" 'BEGIN { d = a - b; if (d <= 0) print "n/a"; else printf "%.2f", l / d / 1e6 }')
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$LABEL" "$n" "$load" "$load_rss" "$full" "$full_rss" "$rate"
done
