#!/usr/bin/env bash
# The ratio table of issue 18, side by side, on several distributions: fastlog against grep, wc,
# awk, mawk, GoAccess and DuckDB, warm page cache, medians of interleaved runs. Prints the table
# (markdown) on stdout and writes it to --out.
#
#   bash bench/scripts/ratios.sh --corpus /path/to/corpus                  # 1 GB sets
#   bash bench/scripts/ratios.sh --size 200M --runs 3 --corpus DIR --fastlog /tmp/fastlog-base
#
# The sets (--sets, comma-separated; default default,adversarial,corpus,json):
#   default      `generate --size SIZE --seed 1` (fastlog's own distribution)
#   adversarial  the same with --id-paths 1 --clients 1000000 --agents 10000 (every path
#                distinct, a million-client pool, 10,000 agents)
#   corpus       the committed corpus's access logs (apache-combined-elastic/apache_logs,
#                apache-clf-monitorware/access_log) concatenated, repeated up to SIZE: real
#                distributions from other servers (needs --corpus DIR; nothing is copied into the repo)
#   json         `generate --format github --size JSON_SIZE`: DuckDB read_json against
#                `fastlog count --by type`, both on 2 threads
#
# Timing: every command of a set runs once per round, the rounds repeat --runs times (so a
# burst of load from other work hits every command alike), each under /usr/bin/time. Ratios are
# given twice: on wall-time medians (what the issue's table quotes) and on CPU-time medians
# (task-clock from perf stat, else user+sys from time(1); steadier on a shared machine, but it charges fastlog's second thread, which wall
# time does not). The 1-minute load average at the start and end of each set is printed.
# GoAccess parses about 20 MB/s: it and `fastlog analyze` both run on the first --slice of the
# set's file (the same file for both).
#
# Options: --fastlog PATH (default artifacts/fastlog), --generator CMD (writes the logs; default
# the --fastlog binary; the logs are reused while their .gen description matches), --size SIZE (1G), --json-size SIZE (1G),
# --runs N (5), --slice SIZE (50M), --corpus DIR, --sets LIST, --work DIR (bench/work/ratios),
# --out PATH (bench/work/ratios/ratios.md), --no-goaccess, --no-duckdb, --append (add the sets
# measured now to the timings already in --work, e.g. a set that failed).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

FASTLOG=$ROOT/artifacts/fastlog
GENERATOR=""
SIZE=1G
JSON_SIZE=1G
RUNS=5
SLICE=50M
CORPUS=""
SETS=default,adversarial,corpus,json
WORK=bench/work/ratios
OUT=""
GOACCESS=1
DUCKDB=1
APPEND=0
while [ $# -gt 0 ]; do
    case "$1" in
        --fastlog) FASTLOG=$(realpath "$2"); shift 2 ;;
        --generator) GENERATOR=$2; shift 2 ;;
        --size) SIZE=$2; shift 2 ;;
        --json-size) JSON_SIZE=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --slice) SLICE=$2; shift 2 ;;
        --corpus) CORPUS=$(realpath "$2"); shift 2 ;;
        --sets) SETS=$2; shift 2 ;;
        --work) WORK=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        --no-goaccess) GOACCESS=0; shift ;;
        --no-duckdb) DUCKDB=0; shift ;;
        --append) APPEND=1; shift ;;
        -h | --help) sed -n '2,30p' "$0"; exit 0 ;;
        *) echo "ratios.sh: unknown argument '$1'" >&2; exit 2 ;;
    esac
done
mkdir -p "$WORK"
[ -n "$OUT" ] || OUT=$WORK/ratios.md
log() { echo "ratios.sh: $*" >&2; }
[ -x "$FASTLOG" ] || { log "no fastlog binary at $FASTLOG (publish first, or give --fastlog)"; exit 1; }
# The logs are written by --generator (a command, e.g. a newer build when --fastlog is an old
# binary without the cardinality knobs); default the measured binary.
[ -n "$GENERATOR" ] || GENERATOR=$FASTLOG
for tool in wc grep mawk awk sort; do command -v "$tool" >/dev/null || { log "missing $tool"; exit 1; }; done
if [ "$GOACCESS" -eq 1 ] && ! command -v goaccess >/dev/null; then log "goaccess missing: apt-get install goaccess, or --no-goaccess"; exit 1; fi

# CPU time from perf stat when it works here (finer than time(1)'s 10 ms ticks).
PERF=0
perf stat -x, -e task-clock -o /dev/null -- true >/dev/null 2>&1 && PERF=1

PEERS_DLL=""
if [ "$DUCKDB" -eq 1 ] && [[ ",$SETS," == *",json,"* ]]; then
    dotnet build bench/peers -c Release -nologo -v quiet >/dev/null
    PEERS_DLL=$(ls bench/peers/bin/Release/net*/linux-x64/peers.dll 2>/dev/null | head -n 1)
    [ -n "$PEERS_DLL" ] || { log "bench/peers built, but peers.dll is not where expected"; exit 1; }
fi

tag() { echo "$*"; }

# make_file PATH DESCRIPTION CMD...: runs CMD (which writes PATH) unless PATH.gen says it was made
# by the same binary with the same description.
make_file() {
    local path=$1 what=$2
    shift 2
    if [ -s "$path" ] && [ "$(cat "$path.gen" 2>/dev/null)" = "$(tag "$what")" ]; then return 0; fi
    log "writing $path ($what)"
    "$@"
    tag "$what" >"$path.gen"
}

size_lc=$(tr 'A-Z' 'a-z' <<<"$SIZE")

corpus_file() {
    local path=$1 parts=("$CORPUS/apache-combined-elastic/apache_logs" "$CORPUS/apache-clf-monitorware/access_log")
    local want
    want=$(python3 -c "import sys; t=sys.argv[1].upper().rstrip('B'); m={'K':1<<10,'M':1<<20,'G':1<<30}.get(t[-1:],1); print(int(float(t[:-1] if t[-1:] in 'KMG' else t)*m))" "$SIZE")
    cat "${parts[@]}" >"$path.one"
    # Both files end with a line feed; repeat the pair until the size is reached.
    : >"$path.tmp"
    while [ "$(stat -c %s "$path.tmp")" -lt "$want" ]; do cat "$path.one" >>"$path.tmp"; done
    mv "$path.tmp" "$path"
    rm -f "$path.one"
}

slice_of() {
    local src=$1 dst=$2
    python3 - "$src" "$dst" "$SLICE" <<'PY'
import sys
src, dst, t = sys.argv[1], sys.argv[2], sys.argv[3].upper().rstrip('B')
n = int(float(t[:-1]) * {'K': 1 << 10, 'M': 1 << 20, 'G': 1 << 30}[t[-1]]) if t[-1] in 'KMG' else int(t)
with open(src, 'rb') as f:
    data = f.read(n)
    rest = f.readline()
with open(dst, 'wb') as f:
    f.write(data + rest)
PY
}

# --- timing --------------------------------------------------------------------------------------

TIMES=$WORK/times.tsv
# --append keeps the timings and sets of an earlier run in the same --work (to add sets).
[ "$APPEND" -eq 1 ] || : >"$TIMES"
# run_one SET KEY CMD: one timed run; stdout goes to a file (grep -c stops at the first match
# when stdout is /dev/null).
run_one() {
    local set=$1 key=$2 cmd=$3 t
    local w1 w2 cpu
    w1=$EPOCHREALTIME
    if [ "$PERF" -eq 1 ]; then
        # task-clock of the command and its children, in ms with decimals (time(1) has 10 ms ticks).
        perf stat -x, -e task-clock -o "$WORK/time.$key" -- sh -c "$cmd" >"$WORK/out.$key" 2>/dev/null || true
        w2=$EPOCHREALTIME
        cpu=$(awk -F, '$3 == "task-clock" { printf "%.4f", $1 / 1000 }' "$WORK/time.$key")
    else
        /usr/bin/time -f '%U %S' -o "$WORK/time.$key" sh -c "$cmd" >"$WORK/out.$key" 2>/dev/null || true
        w2=$EPOCHREALTIME
        cpu=$(tail -n 1 "$WORK/time.$key" | awk '{ printf "%.4f", $1 + $2 }')
    fi
    t="$(awk -v a="$w1" -v b="$w2" 'BEGIN { printf "%.4f", b - a }') $cpu 0"
    printf '%s\t%s\t%s\n' "$set" "$key" "$t" >>"$TIMES"
}

# measure SET KEY=CMD...: --runs interleaved rounds of all the commands (one warm-up round first).
measure() {
    local set=$1 pair round
    shift
    log "$set: load $(cut -d' ' -f1 /proc/loadavg) at start"
    printf '%s\t_load_start\t%s\n' "$set" "$(cut -d' ' -f1 /proc/loadavg)" >>"$TIMES"
    for pair in "$@"; do sh -c "${pair#*=}" >/dev/null 2>&1 || { log "$set: failed: ${pair#*=}"; exit 1; }; done
    for round in $(seq "$RUNS"); do
        for pair in "$@"; do run_one "$set" "${pair%%=*}" "${pair#*=}"; done
        log "$set: round $round of $RUNS done"
    done
    printf '%s\t_load_end\t%s\n' "$set" "$(cut -d' ' -f1 /proc/loadavg)" >>"$TIMES"
}

access_set() {
    local set=$1 f=$2 slice=$WORK/${set}_slice.log
    local cmds=(
        "analyze=$FASTLOG analyze --output json $f"
        "status=$FASTLOG count --by status --output csv $f"
        "topip=$FASTLOG top ip --output csv $f"
        "wc=wc -l $f"
        "grep=grep -c ' 404 ' $f"
        "awkip=awk '{print \$1}' $f | sort | uniq -c | sort -rn | head"
        "mawk=mawk '{c[\$9]++} END{for(k in c) print k, c[k]}' $f"
    )
    if [ "$GOACCESS" -eq 1 ]; then
        slice_of "$f" "$slice"
        cmds+=("analyze_slice=$FASTLOG analyze --output json $slice"
            "goaccess=goaccess $slice --log-format=COMBINED --no-global-config --no-progress --process-and-exit")
    fi
    cat "$f" >/dev/null
    measure "$set" "${cmds[@]}"
}

IFS=, read -r -a set_list <<<"$SETS"
DESCR=$WORK/sets.tsv
[ "$APPEND" -eq 1 ] || : >"$DESCR"
for set in "${set_list[@]}"; do
    case "$set" in
        default)
            f=$WORK/default_$size_lc.log
            make_file "$f" "generate --size $SIZE --seed 1" $GENERATOR generate --size "$SIZE" --seed 1 -o "$f"
            printf 'default\t%s\t%s\n' "$f" "generate --size $SIZE --seed 1" >>"$DESCR"
            access_set default "$f" ;;
        adversarial)
            f=$WORK/adversarial_$size_lc.log
            make_file "$f" "generate --size $SIZE --seed 1 --id-paths 1 --clients 1000000 --agents 10000" \
                $GENERATOR generate --size "$SIZE" --seed 1 --id-paths 1 --clients 1000000 --agents 10000 -o "$f"
            printf 'adversarial\t%s\t%s\n' "$f" "generate --size $SIZE --seed 1 --id-paths 1 --clients 1000000 --agents 10000" >>"$DESCR"
            access_set adversarial "$f" ;;
        corpus)
            [ -n "$CORPUS" ] || { log "the corpus set needs --corpus DIR"; exit 2; }
            f=$WORK/corpus_$size_lc.log
            make_file "$f" "corpus $CORPUS x $SIZE" corpus_file "$f"
            printf 'corpus\t%s\t%s\n' "$f" "apache_logs + access_log of the corpus, repeated to $SIZE" >>"$DESCR"
            access_set corpus "$f" ;;
        json)
            f=$WORK/github_$(tr 'A-Z' 'a-z' <<<"$JSON_SIZE").json
            make_file "$f" "generate --format github --size $JSON_SIZE --seed 1" $GENERATOR generate --format github --size "$JSON_SIZE" --seed 1 -o "$f"
            printf 'json\t%s\t%s\n' "$f" "generate --format github --size $JSON_SIZE --seed 1" >>"$DESCR"
            cat "$f" >/dev/null
            cmds=("bytype=$FASTLOG count --by type --threads 2 --output csv $f")
            [ "$DUCKDB" -eq 1 ] && cmds+=("duckdb=dotnet $PEERS_DLL json $f type")
            measure json "${cmds[@]}" ;;
        *) log "unknown set '$set'"; exit 2 ;;
    esac
done

python3 bench/scripts/ratios_report.py "$TIMES" "$DESCR" "$FASTLOG" "$RUNS" "$("$FASTLOG" --version | head -n 1)" >"$OUT"
cat "$OUT"
