#!/usr/bin/env bash
# Side-by-side benchmark: fastlog against the peers users reach for (wc, grep, rg, awk, sort|uniq,
# DuckDB, GoAccess), on one generated combined log, warm page cache; plus peak anonymous memory
# on a 1 GB and a 4 GB log, start-up time and binary size. Writes bench/results/<machine>.md.
#
#   bash bench/scripts/compare.sh                     # 1 GB log in bench/work/, results -> bench/results/<machine>.md
#   bash bench/scripts/compare.sh --size 50M --runs 2 --warmup 0 --no-rss --out bench/work/compare-small.md
#   bash bench/scripts/compare.sh --file /path/to/access.log
#
# Options:
#   --file PATH       benchmark this file instead of a generated one
#   --fastlog PATH    the binary to measure (default artifacts/fastlog; e.g. one published from a
#                     clean `git worktree` of a commit, while the main tree has work in progress)
#   --size SIZE       size of the generated log (default 1G; file bench/work/access_<size>.log)
#   --runs N          hyperfine --runs (default 5; medians are quoted)
#   --warmup N        hyperfine --warmup (default 1)
#   --out PATH        results markdown (default bench/results/<machine>.md)
#   --no-install      do not apt-get install missing peers
#   --no-gate         do not wait for the machine to be quiet, nor re-run disturbed commands
#   --quiet-busy PCT  "quiet" means the whole machine under PCT % busy (default 3) ...
#   --quiet-secs N    ... for N seconds in a row (default 5) ...
#   --quiet-max N     ... waiting at most N seconds per command, then measuring anyway (default 300)
#   --max-foreign PCT re-run a command when other processes used more than PCT % of one core
#                     while it ran (default 5), at most --tries times (default 3)
#   --no-goaccess     skip GoAccess (its 100 MB slice takes about 20 s)
#   --no-duckdb       skip DuckDB (bench/peers, a .NET build)
#   --slice SIZE      GoAccess input: the first SIZE of the log, cut at a line end (default 100M)
#   --no-rss          skip the peak-memory runs (and the 4 GB log)
#   --rss-size SIZE   the larger log for the memory comparison (default 4G)
#   --keep-rss-file   keep the larger log even when the disk is short of space
#
# Traps handled here: GNU grep is run with hyperfine
# --output=pipe (with /dev/null as stdout it stops at the first match even with -c); the
# machine has 2 cores shared with other work, so each command waits until the machine is quiet,
# the CPU used by other processes while it runs is measured, and a disturbed command is re-run.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

FILE=""
FASTLOG=""
SIZE=1G
RUNS=5
WARMUP=1
OUT=""
INSTALL=1
GATE=1
QUIET_BUSY=3
QUIET_SECS=5
QUIET_MAX=300
MAX_FOREIGN=5
TRIES=3
GOACCESS=1
DUCKDB=1
SLICE=100M
RSS=1
RSS_SIZE=4G
KEEP_RSS_FILE=0
while [ $# -gt 0 ]; do
    case "$1" in
        --file) FILE=$2; shift 2 ;;
        --fastlog) FASTLOG=$(realpath "$2"); shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --no-install) INSTALL=0; shift ;;
        --no-gate) GATE=0; shift ;;
        --quiet-busy) QUIET_BUSY=$2; shift 2 ;;
        --quiet-secs) QUIET_SECS=$2; shift 2 ;;
        --quiet-max) QUIET_MAX=$2; shift 2 ;;
        --max-foreign) MAX_FOREIGN=$2; shift 2 ;;
        --tries) TRIES=$2; shift 2 ;;
        --no-goaccess) GOACCESS=0; shift ;;
        --no-duckdb) DUCKDB=0; shift ;;
        --slice) SLICE=$2; shift 2 ;;
        --no-rss) RSS=0; shift ;;
        --rss-size) RSS_SIZE=$2; shift 2 ;;
        --keep-rss-file) KEEP_RSS_FILE=1; shift ;;
        -h | --help) sed -n '2,34p' "$0"; exit 0 ;;
        *) echo "compare.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done

log() { echo "compare.sh: $*" >&2; }

cpu_name() {
    local name
    name=$(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo 2>/dev/null | head -n 1)
    [ -n "$name" ] || name=unknown-cpu
    # Same sanitising as build.ps1 (Get-CpuName), so bench/results/<cpu>/ and <cpu>.md match.
    sed -e 's/(R)//g; s/(TM)//g' -e 's/[^A-Za-z0-9._]\{1,\}/-/g' -e 's/^-*//; s/-*$//' <<<"$name"
}
MACHINE=$(cpu_name)
[ -n "$OUT" ] || OUT="bench/results/$MACHINE.md"

# Bytes in a size like 100M or 4G (binary multiples, as the generators read them).
size_bytes() {
    local text=${1^^} mult=1
    text=${text%B}
    case "$text" in
        *K) mult=$((1 << 10)); text=${text%K} ;;
        *M) mult=$((1 << 20)); text=${text%M} ;;
        *G) mult=$((1 << 30)); text=${text%G} ;;
    esac
    echo $((text * mult))
}

# --- peers -------------------------------------------------------------------------------------

need=()
command -v hyperfine >/dev/null 2>&1 || need+=(hyperfine)
command -v rg >/dev/null 2>&1 || need+=(ripgrep)
command -v gawk >/dev/null 2>&1 || need+=(gawk)
command -v mawk >/dev/null 2>&1 || need+=(mawk)
if [ "$GOACCESS" -eq 1 ] && ! command -v goaccess >/dev/null 2>&1; then need+=(goaccess); fi
if [ "${#need[@]}" -gt 0 ]; then
    if [ "$INSTALL" -ne 1 ]; then
        log "missing: ${need[*]} (and --no-install given)"
        exit 1
    fi
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    log "installing ${need[*]} with apt-get"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
fi

PEERS_DLL=""
if [ "$DUCKDB" -eq 1 ]; then
    log "building bench/peers (DuckDB)"
    dotnet build bench/peers -c Release -nologo -v quiet >/dev/null
    PEERS_DLL=$(ls bench/peers/bin/Release/net*/linux-x64/peers.dll 2>/dev/null | head -n 1)
    [ -n "$PEERS_DLL" ] || { log "bench/peers built, but peers.dll is not where expected"; exit 1; }
fi

# --- fastlog -----------------------------------------------------------------------------------

[ -n "$FASTLOG" ] || FASTLOG=$ROOT/artifacts/fastlog
if [ ! -x "$FASTLOG" ] && [ "$FASTLOG" = "$ROOT/artifacts/fastlog" ]; then
    log "artifacts/fastlog is missing: publishing"
    dotnet tool restore >/dev/null
    dotnet pwsh build.ps1 publish
fi
FASTLOG_VERSION=$("$FASTLOG" --version 2>&1 | head -n 1)

WORK=bench/work/compare
mkdir -p "$WORK"

# gen_log PATH SIZE: writes a combined log of about SIZE with seed 1 (`fastlog generate`), unless
# PATH already holds one from the same binary (PATH.gen names it).
gen_log() {
    local path=$1 size=$2 stamp tag
    # The tag names the generator's build: a rebuilt binary may write other bytes for a seed.
    tag="fastlog generate (binary sha256 $(sha256sum "$FASTLOG" | cut -c1-12))"
    stamp=$(cat "$path.gen" 2>/dev/null || true)
    if [ -s "$path" ] && [ "$stamp" = "$tag" ]; then
        return 0
    fi
    [ "$path" = "${FILE:-}" ] && FRESH=1
    log "generating $path ($size, seed 1) with $tag"
    "$FASTLOG" generate --format combined --size "$size" --seed 1 -o "$path.tmp"
    mv "$path.tmp" "$path"
    echo "$tag" >"$path.gen"
}

# --- input -------------------------------------------------------------------------------------

# FRESH=1 when the log was written in this pass: its pages are in the page cache as written
# (state W), which the report states.
FRESH=0
if [ -z "$FILE" ]; then
    mkdir -p bench/work
    FILE="bench/work/access_$(tr 'A-Z' 'a-z' <<<"$SIZE").log"
    gen_log "$FILE" "$SIZE"
    FILE_ORIGIN=$(cat "$FILE.gen")
else
    FILE_ORIGIN="given with --file"
fi
[ -s "$FILE" ] || { log "no such file: $FILE"; exit 1; }
BYTES=$(stat -c %s "$FILE")
LINES=$(wc -l <"$FILE")

# A benchmark of a command that fails is meaningless: check each fastlog command once first.
for args in "analyze --output json" "count --output csv" "count --by status --output csv" "top ip --output csv"; do
    # shellcheck disable=SC2086
    if ! "$FASTLOG" $args "$FILE" >/dev/null; then
        log "fastlog $args failed on $FILE"
        exit 1
    fi
done
# `count --where` is being added (issue 3 asks for it once it exists): measured when it works.
WHERE=0
if "$FASTLOG" count --where 'status == 404' --output csv "$FILE" >/dev/null 2>&1; then WHERE=1; fi
log "fastlog: $FASTLOG_VERSION; count --where: $([ $WHERE -eq 1 ] && echo yes || echo 'not yet')"

# GoAccess parses ~20 MB/s here: it gets the first SLICE of the log, cut at a line end, and its
# time is scaled by BYTES / slice bytes in the tables (marked as scaled).
SLICE_FILE=""
SLICE_BYTES=0
if [ "$GOACCESS" -eq 1 ]; then
    SLICE_FILE="$WORK/slice_$(tr 'A-Z' 'a-z' <<<"$SLICE").log"
    python3 - "$FILE" "$SLICE_FILE" "$(size_bytes "$SLICE")" <<'PY'
import sys
src, dst, n = sys.argv[1], sys.argv[2], int(sys.argv[3])
with open(src, "rb") as f:
    data = f.read(n)
cut = data.rfind(b"\n") + 1 if len(data) == n else len(data)
with open(dst, "wb") as f:
    f.write(data[:cut])
PY
    SLICE_BYTES=$(stat -c %s "$SLICE_FILE")
fi

# --- gate --------------------------------------------------------------------------------------

CLK_TCK=$(getconf CLK_TCK)

# Busy and total jiffies of the whole machine (idle and iowait are not busy; steal is not ours).
cpu_jiffies() {
    local _cpu u n s i w q sq st _rest
    read -r _cpu u n s i w q sq st _rest </proc/stat
    echo "$((u + n + s + q + sq)) $((u + n + s + i + w + q + sq))"
}

# CPU time (jiffies) of this script's finished children, grandchildren included (cutime + cstime).
own_jiffies() {
    local stat
    read -r -a stat </proc/$$/stat
    echo $((stat[15] + stat[16]))
}

# Wait until the machine has been under QUIET_BUSY % busy for QUIET_SECS seconds in a row, at
# most QUIET_MAX seconds. Prints the busy share seen last (percent of the whole machine).
wait_quiet() {
    local deadline=$((SECONDS + QUIET_MAX)) quiet=0 busy=100 b1 t1 b2 t2
    while [ $SECONDS -lt $deadline ]; do
        read -r b1 t1 < <(cpu_jiffies)
        sleep 1
        read -r b2 t2 < <(cpu_jiffies)
        busy=$(( t2 > t1 ? 100 * (b2 - b1) / (t2 - t1) : 0 ))
        if [ "$busy" -lt "$QUIET_BUSY" ]; then quiet=$((quiet + 1)); else quiet=0; fi
        [ "$quiet" -ge "$QUIET_SECS" ] && break
    done
    echo "$busy"
}

MANIFEST=$WORK/manifest.tsv
: >"$MANIFEST"

# measure KEY NAME RUNS WARMUP SCALE CMD [noshell]: one hyperfine run of CMD, gated; through the
# shell unless "noshell" (hyperfine -N, for millisecond commands).
# Other processes' CPU while it runs = machine busy time - this script's children's CPU time.
measure() {
    local key=$1 name=$2 runs=$3 warmup=$4 scale=$5 cmd=$6 try=0 busy=-1 foreign=0
    local b1 b2 t1 t2 o1 o2 w1 w2 extra=()
    [ "${7:-}" = noshell ] && extra=(-N)
    while :; do
        try=$((try + 1))
        [ "$GATE" -eq 1 ] && busy=$(wait_quiet)
        read -r b1 t1 < <(cpu_jiffies)
        o1=$(own_jiffies)
        w1=$EPOCHREALTIME
        hyperfine "${extra[@]}" --warmup "$warmup" --runs "$runs" --output=pipe --style basic \
            --export-json "$WORK/$key.json" --command-name "$name" "$cmd" >&2
        w2=$EPOCHREALTIME
        o2=$(own_jiffies)
        read -r b2 t2 < <(cpu_jiffies)
        # percent of one core used by other processes during the run
        foreign=$(awk -v b=$((b2 - b1)) -v o=$((o2 - o1)) -v w1="$w1" -v w2="$w2" -v hz="$CLK_TCK" \
            'BEGIN { f = (b - o) / hz / (w2 - w1) * 100; if (f < 0) f = 0; printf "%.1f", f }')
        log "$name: other processes used $foreign % of a core (try $try)"
        if [ "$GATE" -ne 1 ] || [ "$try" -ge "$TRIES" ] || awk -v f="$foreign" -v m="$MAX_FOREIGN" 'BEGIN { exit !(f <= m) }'; then
            break
        fi
    done
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$name" "$WORK/$key.json" "$foreign" "$try" "$busy" "$scale" >>"$MANIFEST"
}

# --- measure -----------------------------------------------------------------------------------

F=$FILE
log "warming the page cache for $FILE ($BYTES bytes, $LINES lines)"
cat "$FILE" >/dev/null

# key, table name, runs, warm-up runs, command. Physical-limit rows (wc -l) get 10 runs and 2
# warm-ups; GoAccess 3 runs and none.
measure analyze "fastlog analyze" "$RUNS" "$WARMUP" 1 "$FASTLOG analyze --output json $F"
measure count "fastlog count" "$RUNS" "$WARMUP" 1 "$FASTLOG count --output csv $F"
measure count1 "fastlog count --threads 1" "$RUNS" "$WARMUP" 1 "$FASTLOG count --threads 1 --output csv $F"
measure status "fastlog count --by status" "$RUNS" "$WARMUP" 1 "$FASTLOG count --by status --output csv $F"
measure topip "fastlog top ip" "$RUNS" "$WARMUP" 1 "$FASTLOG top ip --output csv $F"
if [ "$WHERE" -eq 1 ]; then
    measure where "fastlog count --where 'status == 404'" "$RUNS" "$WARMUP" 1 "$FASTLOG count --where 'status == 404' --output csv $F"
fi
measure wc "wc -l" $((RUNS * 2)) $((WARMUP + 1)) 1 "wc -l $F"
measure grep "grep -c ' 404 '" "$RUNS" "$WARMUP" 1 "grep -c ' 404 ' $F"
measure rg "rg -c '\" 404 '" "$RUNS" "$WARMUP" 1 "rg -c '\" 404 ' $F"
measure mawk "mawk status histogram" "$RUNS" "$WARMUP" 1 "mawk '{c[\$9]++} END{for(k in c) print k, c[k]}' $F"
measure gawk "gawk status histogram" "$RUNS" "$WARMUP" 1 "gawk '{c[\$9]++} END{for(k in c) print k, c[k]}' $F"
measure awkip "awk | sort | uniq -c top ip" "$RUNS" "$WARMUP" 1 "awk '{print \$1}' $F | sort | uniq -c | sort -rn | head"
if [ "$DUCKDB" -eq 1 ]; then
    measure duckdb "DuckDB status histogram" "$RUNS" "$WARMUP" 1 "dotnet $PEERS_DLL $F status"
    measure duckdbip "DuckDB top ip" "$RUNS" "$WARMUP" 1 "dotnet $PEERS_DLL $F ip"
fi
if [ "$GOACCESS" -eq 1 ]; then
    scale=$(awk -v a="$BYTES" -v b="$SLICE_BYTES" 'BEGIN { printf "%.4f", a / b }')
    measure goaccess "GoAccess --process-and-exit" 3 0 "$scale" \
        "goaccess $SLICE_FILE --log-format=COMBINED --no-global-config --no-progress --process-and-exit"
fi
# Start-up: no shell in between (-N), many runs; the figure is a few milliseconds.
measure startup "fastlog --version" 200 20 1 "$FASTLOG --version" noshell
BINARY_BYTES=$(stat -c %s "$FASTLOG")

# --- peak memory -------------------------------------------------------------------------------

# peak_rss CMD...: runs CMD with stdout to /dev/null, samples /proc/PID/status every 50 ms and
# prints "max RssAnon kB, max RssFile kB, last VmHWM kB, seconds". RssAnon is the heap, stacks
# and buffers; RssFile is page-cache pages of mapped files (the binary, and the log under
# --io mmap), which the kernel can drop at any time, so it is reported but not the target.
# VmHWM is the kernel's own high-water mark of the whole RSS (anon + file): it also covers peaks
# between two samples, so it bounds RssAnon from above for runs shorter than a few samples.
peak_rss() {
    local pid anon=0 file=0 hwm=0 key value start=$EPOCHREALTIME
    "$@" >/dev/null &
    pid=$!
    while kill -0 "$pid" 2>/dev/null; do
        while read -r key value _; do
            case "$key" in
                RssAnon:) [ "$value" -gt "$anon" ] && anon=$value ;;
                RssFile:) [ "$value" -gt "$file" ] && file=$value ;;
                VmHWM:) [ "$value" -gt "$hwm" ] && hwm=$value ;;
            esac
        done 2>/dev/null </proc/"$pid"/status || true
        sleep 0.05
    done
    wait "$pid"
    awk -v a="$anon" -v f="$file" -v h="$hwm" -v s="$start" -v e="$EPOCHREALTIME" 'BEGIN { printf "%d %d %d %.2f\n", a, f, h, e - s }'
}

# rss_row KEY LABEL FILE ARGS...: three runs (the report quotes the median of the three peaks).
# For analyze, also the number of distinct keys in its largest tables: what memory grows with.
RSS_TSV=$WORK/rss.tsv
: >"$RSS_TSV"
rss_row() {
    local key=$1 label=$2 file=$3 r a f h s anon=() files=() hwms=() secs=() keys=""
    shift 3
    for r in 1 2 3; do
        [ "$GATE" -eq 1 ] && wait_quiet >/dev/null
        read -r a f h s < <(peak_rss "$FASTLOG" "$@" "$file")
        anon+=("$a"); files+=("$f"); hwms+=("$h"); secs+=("$s")
    done
    if [ "$1" = analyze ]; then
        keys=$("$FASTLOG" analyze --output json "$file" | python3 -c '
import json, sys
t = json.load(sys.stdin)["traffic"]
print("%d clients, %d paths, %d user agents, %d visitors" % (t["clients"]["distinct"], t["paths"]["distinct"], t["user_agents"]["distinct"], t["unique_visitors"]))' 2>/dev/null || echo "")
    fi
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$key" "$label" "$(stat -c %s "$file")" "${anon[*]}" "${files[*]}" "${hwms[*]}" "${secs[*]}" "$keys" >>"$RSS_TSV"
    log "peak RssAnon of fastlog $* on $file: ${anon[*]} kB (VmHWM ${hwms[*]} kB)"
}

RSS_FILE=""
if [ "$RSS" -eq 1 ]; then
    rss_row analyze "fastlog analyze" "$F" analyze --output json
    rss_row count "fastlog count" "$F" count --output csv
    rss_row count1 "fastlog count --threads 1" "$F" count --threads 1 --output csv
    rss_row status "fastlog count --by status" "$F" count --by status --output csv
    rss_row topip "fastlog top ip" "$F" top ip --output csv
    [ "$WHERE" -eq 1 ] && rss_row where "fastlog count --where 'status == 404'" "$F" count --where 'status == 404' --output csv
    RSS_FILE="bench/work/access_$(tr 'A-Z' 'a-z' <<<"$RSS_SIZE").log"
    need_kb=$(( $(size_bytes "$RSS_SIZE") / 1024 * 12 / 10 ))
    free_kb=$(df -Pk bench/work | awk 'NR == 2 { print $4 }')
    if [ ! -s "$RSS_FILE" ] && [ "$free_kb" -lt "$need_kb" ]; then
        log "not enough disk for $RSS_FILE ($free_kb kB free, $need_kb kB needed): skipping the larger log"
        RSS_FILE=""
    else
        gen_log "$RSS_FILE" "$RSS_SIZE"
        cat "$RSS_FILE" >/dev/null
        rss_row analyze-large "fastlog analyze" "$RSS_FILE" analyze --output json
        # Control: the 1 GB log four times over has the size of the large one but the key set of
        # the small one, which tells memory that grows with the bytes from memory that grows
        # with the distinct keys (the generator's client pool grows with the file).
        REPEAT_FILE="bench/work/$(basename "$F" .log)_x4.log"
        free_kb=$(df -Pk bench/work | awk 'NR == 2 { print $4 }')
        if [ -s "$REPEAT_FILE" ] || [ "$free_kb" -ge $((BYTES / 1024 * 4 * 12 / 10)) ]; then
            [ "$REPEAT_FILE" -nt "$F" ] && [ "$(stat -c %s "$REPEAT_FILE")" -eq $((BYTES * 4)) ] || cat "$F" "$F" "$F" "$F" >"$REPEAT_FILE"
            cat "$REPEAT_FILE" >/dev/null
            rss_row analyze-repeat "fastlog analyze (the same log ×4)" "$REPEAT_FILE" analyze --output json
        fi
        # Keep it for the next run unless that leaves less than 20 GB free.
        free_kb=$(df -Pk bench/work | awk 'NR == 2 { print $4 }')
        if [ "$KEEP_RSS_FILE" -ne 1 ] && [ "$free_kb" -lt $((20 * 1024 * 1024)) ]; then
            log "deleting $RSS_FILE and ${REPEAT_FILE:-} (disk is short)"
            rm -f "$RSS_FILE" "$RSS_FILE.gen" "${REPEAT_FILE:-}"
        fi
    fi
fi

# --- answers (one run each, outside the timing) --------------------------------------------------
# The peers do not parse: they count 404-byte responses, truncated and malformed lines. The
# differences are shown, not hidden.
log "collecting each tool's answer once"
ANS=$WORK/answers.tsv
fl404=$("$FASTLOG" count --by status --output csv "$F" | sed -n 's/^404,//p')
flip=$("$FASTLOG" top ip -n 1 --output csv "$F" | tail -n 1 | tr ',' ' ')
{
    printf 'records (lines)\t%s\t%s\t%s\t%s\n' "fastlog count" "$("$FASTLOG" count --output csv "$F" | tail -n 1)" "wc -l" "$LINES"
    printf '404 responses\t%s\t%s\t%s\t%s\n' "fastlog count --by status" "$fl404" "grep -c ' 404 '" "$(grep -c ' 404 ' "$F")"
    printf '404 responses\t%s\t%s\t%s\t%s\n' "fastlog count --by status" "$fl404" "rg -c '\" 404 '" "$(rg -c '" 404 ' "$F")"
    printf '404 responses\t%s\t%s\t%s\t%s\n' "fastlog count --by status" "$fl404" "mawk \$9==\"404\"" "$(mawk '$9=="404"{c++} END{print c+0}' "$F")"
    if [ "$DUCKDB" -eq 1 ]; then
        printf '404 responses\t%s\t%s\t%s\t%s\n' "fastlog count --by status" "$fl404" "DuckDB read_csv" \
            "$(dotnet "$PEERS_DLL" "$F" status 2>/dev/null | sed -n 's/^404,//p')"
    fi
    if [ "$WHERE" -eq 1 ]; then
        printf '404 responses\t%s\t%s\t%s\t%s\n' "fastlog count --where 'status == 404'" \
            "$("$FASTLOG" count --where 'status == 404' --output csv "$F" | tail -n 1)" "fastlog count --by status" "$fl404"
    fi
    printf 'busiest client\t%s\t%s\t%s\t%s\n' "fastlog top ip" "$flip" \
        "awk | sort | uniq -c" "$(awk '{print $1}' "$F" | sort | uniq -c | sort -rn | head -n 1 | awk '{print $2, $1}')"
    if [ "$DUCKDB" -eq 1 ]; then
        printf 'busiest client\t%s\t%s\t%s\t%s\n' "fastlog top ip" "$flip" "DuckDB read_csv" \
            "$(dotnet "$PEERS_DLL" "$F" ip 2>/dev/null | head -n 1 | tr ',' ' ')"
    fi
} >"$ANS"

# --- report ------------------------------------------------------------------------------------

mkdir -p "$(dirname "$OUT")"
versions() {
    # The commit of the tree the binary sits in (--fastlog may name another worktree's).
    local tree
    tree=$(dirname "$FASTLOG")
    echo "- fastlog: $FASTLOG_VERSION (commit $(git -C "$tree" rev-parse --short HEAD 2>/dev/null || echo unknown)$(git -C "$tree" status --porcelain --untracked-files=no -- ':/src' 2>/dev/null | grep -q . && echo ', with uncommitted changes under src/'))"
    echo "- $(hyperfine --version | head -n 1); $(grep --version | head -n 1); $(rg --version | head -n 1)"
    echo "- $(mawk -W version 2>&1 | head -n 1); $(gawk --version | head -n 1); $(wc --version | head -n 1)"
    echo "- awk is $(readlink -f "$(command -v awk)")"
    [ "$GOACCESS" -eq 1 ] && echo "- $(goaccess --version 2>&1 | head -n 1)"
    [ "$DUCKDB" -eq 1 ] && echo "- DuckDB via DuckDB.NET.Data.Full $(sed -n 's/.*DuckDB.NET.Data.Full" Version="\([^"]*\)".*/\1/p' bench/peers/peers.csproj) (bench/peers, .NET $(dotnet --version) JIT)"
    echo "- OS: $(sed -n 's/^PRETTY_NAME="\{0,1\}\([^"]*\)"\{0,1\}/\1/p' /etc/os-release 2>/dev/null), kernel $(uname -r); $(nproc) cores; CPU $(sed -n 's/^model name[[:space:]]*:[[:space:]]*//p' /proc/cpuinfo | head -n 1); $(awk '/MemTotal/ { printf "%.0f GiB RAM", $2 / 1048576 }' /proc/meminfo)"
}

python3 "$ROOT/bench/scripts/report.py" \
    --manifest "$MANIFEST" --rss "$RSS_TSV" --answers "$ANS" --out "$OUT" \
    --file "$FILE" --origin "$FILE_ORIGIN" --bytes "$BYTES" --lines "$LINES" --runs "$RUNS" --warmup "$WARMUP" \
    --gate "$GATE" --quiet-busy "$QUIET_BUSY" --quiet-secs "$QUIET_SECS" --max-foreign "$MAX_FOREIGN" \
    --slice-bytes "$SLICE_BYTES" --binary-bytes "$BINARY_BYTES" --where "$WHERE" --fresh "$FRESH" \
    --rss-file "${RSS_FILE:-}" --versions "$(versions)"
