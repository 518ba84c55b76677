#!/usr/bin/env bash
# `--io read` against `--io mmap` on every command, warm and cold page cache (issue 18 items 5, 6).
#
#   bash bench/scripts/io-modes.sh --clf access.log --json github.json            # both tables
#   bash bench/scripts/io-modes.sh --clf access.log --json github.json --no-cold  # warm table only
#   bash bench/scripts/io-modes.sh --clf a.log --json g.json --lock-file /path/bench.lock --out r.md
#
# Warm table: every command on each file, `--threads 1` and `2`, the two modes interleaved
# (read mmap read mmap …) so machine load hits both alike; median wall and median CPU
# (user + sys) seconds of --runs runs, and mmap ÷ read. The two modes' outputs are compared
# (sha256 of stdout); a difference is printed as DIFFERS, since results must not depend on --io.
#
# Cold table: before every run the file's pages are evicted with posix_fadvise(DONTNEED)
# (`dd iflag=nocache count=0`; unprivileged, touches no other file's cache, checked with
# `fincore` when present), then `cat FILE > /dev/null` and fastlog in each mode run interleaved;
# each run is followed by the same run warm. Two figures: cold ÷ cat cold, and cold ÷ the larger
# of cat cold and the same run warm, i.e. how far the run is from hiding all reading behind
# parsing (1.00: only the device or only the CPU limits it). Each is the median of the rounds'
# ratios: the device's speed drifts between rounds (a shared virtual disk: 3× within minutes)
# more than within one. The cold runs read a private copy of each file (copied once, synced,
# deleted after its table) so a shared file stays warm for other users. The device's read
# requests and their mean size (/sys/class/block/DEV/stat, the whole device: other processes'
# reads count too) show whether reads reached it in large sequential requests.
#
# Options:
#   --fastlog PATH     binary to measure (default artifacts/fastlog)
#   --clf FILE         a combined/common access log (e.g. `fastlog generate --size 1G --seed 1`)
#   --json FILE        GitHub events (e.g. `fastlog generate --format github --size 1G --seed 1`)
#   --runs N           runs per mode (default 3; medians are quoted)
#   --threads "1 2"    thread counts (default "1 2")
#   --only REGEX       warm table: only the commands whose label matches REGEX
#   --parquet          warm table: also `convert --to parquet` (slow: about a second per MB)
#   --no-warm, --no-cold
#   --cold-dir DIR     where the cold copies go (default: this run's temporary folder)
#   --lock-file PATH   hold flock(PATH) around each group of interleaved runs (one command, one
#                      thread count), so other measurements on the machine wait between groups
#   --out PATH         also write the tables (markdown) to PATH
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FASTLOG=$ROOT/artifacts/fastlog
CLF="" JSON="" RUNS=3 THREADS="1 2" ONLY="" PARQUET=0 WARM=1 COLD=1 LOCK="" OUT=""
COLD_DIR=""
while [ $# -gt 0 ]; do
    case "$1" in
        --fastlog) FASTLOG=$(realpath "$2"); shift 2 ;;
        --clf) CLF=$(realpath "$2"); shift 2 ;;
        --json) JSON=$(realpath "$2"); shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --threads) THREADS=$2; shift 2 ;;
        --only) ONLY=$2; shift 2 ;;
        --parquet) PARQUET=1; shift ;;
        --no-warm) WARM=0; shift ;;
        --no-cold) COLD=0; shift ;;
        --cold-dir) COLD_DIR=$2; shift 2 ;;
        --lock-file) LOCK=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "io-modes.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$CLF$JSON" ] || { echo "io-modes.sh: give --clf FILE and/or --json FILE" >&2; exit 2; }
[ -x "$FASTLOG" ] || { echo "io-modes.sh: no binary at $FASTLOG" >&2; exit 2; }
WORK=$(mktemp -d "${TMPDIR:-/tmp}/fastlog-io-modes.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
COLD_DIR=${COLD_DIR:-$WORK/cold}
[ -n "$OUT" ] && : >"$OUT"

# say LINE: one line of the tables, to stdout and --out.
say() {
    printf '%s\n' "$1"
    [ -z "$OUT" ] || printf '%s\n' "$1" >>"$OUT"
}

lock() { [ -z "$LOCK" ] || { exec 9>>"$LOCK"; flock 9; }; }
unlock() { [ -z "$LOCK" ] || flock -u 9; }

# median: the median of the numbers on stdin (the lower middle one for an even count).
median() { sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# timed TAG CMD...: runs CMD (stdout to $WORK/TAG.out), appends "wall cpu" to $WORK/TAG.t.
timed() {
    local tag=$1
    shift
    /usr/bin/time -f '%e %U %S' -o "$WORK/time" "$@" >"$WORK/$tag.out" 2>/dev/null || true
    awk '{ printf "%s %.2f\n", $1, $2 + $3 }' "$WORK/time" >>"$WORK/$tag.t"
}

# stat_of TAG COLUMN: median of one column (1 wall, 2 CPU) of TAG's runs.
stat_of() { awk -v c="$2" '{ print $c }' "$WORK/$1.t" | median; }

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

# Commands per file: "label|arguments" (the file and --threads/--io/-q are appended).
# analyze and detect run with --stable so the two modes' outputs can be compared byte for byte.
CLF_COMMANDS=(
    "count|count"
    "count --by status|count --by status"
    "top ip|top ip"
    "stats bytes|stats bytes"
    "count --where status==404|count --where status==404"
    "filter --where status>=500|filter --where status>=500"
    "analyze|analyze --stable"
    "analyze --detect|analyze --detect --stable"
    "detect|detect --stable"
)
JSON_COMMANDS=(
    "count|count"
    "count --by type|count --by type"
    "top actor|top actor"
    "stats payload_bytes|stats payload_bytes"
    "count --where type==PushEvent|count --where type==\"PushEvent\""
    "filter --where type==PushEvent|filter --where type==\"PushEvent\""
    "analyze|analyze --stable"
    "analyze --detect|analyze --detect --stable"
    "detect|detect --stable"
)
if [ "$PARQUET" -eq 1 ]; then
    CLF_COMMANDS+=("convert --to parquet|convert --to parquet -o $WORK/out.parquet")
    JSON_COMMANDS+=("convert --to parquet|convert --to parquet -o $WORK/out.parquet")
fi

# warm_table NAME FILE COMMANDS...: the read-vs-mmap table of one file.
warm_table() {
    local name=$1 file=$2
    shift 2
    say ""
    say "### $name, warm cache: $(basename "$file") ($(du -h "$file" | cut -f1))"
    say ""
    say "| command | threads | read wall | mmap wall | mmap ÷ read | read CPU | mmap CPU | mmap ÷ read | same output |"
    say "|---|---:|---:|---:|---:|---:|---:|---:|---|"
    cat "$file" >/dev/null
    local entry label args threads run mode
    for entry in "$@"; do
        label=${entry%%|*} args=${entry#*|}
        [ -z "$ONLY" ] || [[ $label =~ $ONLY ]] || continue
        for threads in $THREADS; do
            rm -f "$WORK"/*.t
            lock
            # Invariant: after run r, each mode has r timings; modes alternate within a run.
            for ((run = 1; run <= RUNS; run++)); do
                for mode in read mmap; do
                    # shellcheck disable=SC2086 # args is a word list by design
                    timed "$mode" "$FASTLOG" $args --threads "$threads" --io "$mode" -q "$file"
                done
            done
            unlock
            local same=yes
            cmp -s "$WORK/read.out" "$WORK/mmap.out" || same=DIFFERS
            local rw mw rc mc
            rw=$(stat_of read 1) mw=$(stat_of mmap 1) rc=$(stat_of read 2) mc=$(stat_of mmap 2)
            say "| \`$label\` | $threads | $rw | $mw | $(ratio "$mw" "$rw") | $rc | $mc | $(ratio "$mc" "$rc") | $same |"
        done
    done
}

# The block device under FILE, for its request counters (empty when it cannot be told).
device_of() {
    local source
    source=$(findmnt -no SOURCE -T "$1" 2>/dev/null || true)
    source=$(basename "${source:-none}")
    [ -r "/sys/class/block/$source/stat" ] && echo "$source"
}

# evict FILE: drop its clean pages from the page cache; fails when pages stay resident.
evict() {
    dd if="$1" iflag=nocache count=0 status=none
    if command -v fincore >/dev/null; then
        local resident
        resident=$(fincore -nb -o RES "$1" | tr -d ' ')
        [ "${resident:-0}" -lt 1048576 ] || { echo "io-modes.sh: $1 still has $resident bytes cached" >&2; return 1; }
    fi
}

# cold_run TAG FILE DEV CMD...: one cold run (the caller interleaves them):
# evict, run, and add the device's read requests and sectors to $WORK/TAG.io.
cold_run() {
    local tag=$1 file=$2 dev=$3
    shift 3
    evict "$file"
    local before after
    before=$([ -n "$dev" ] && awk '{ print $1, $3 }' "/sys/class/block/$dev/stat" || echo "0 0")
    timed "$tag" "$@"
    after=$([ -n "$dev" ] && awk '{ print $1, $3 }' "/sys/class/block/$dev/stat" || echo "0 0")
    echo "$before $after" | awk '{ print $3 - $1, $4 - $2 }' >>"$WORK/$tag.io"
}

# cold_table NAME FILE COMMANDS...: cat cold against fastlog cold in each mode.
cold_table() {
    local name=$1 source=$2
    shift 2
    mkdir -p "$COLD_DIR"
    local file
    file=$COLD_DIR/$(basename "$source")
    cp "$source" "$file"
    sync "$file"
    local dev
    dev=$(device_of "$file")
    say ""
    say "### $name, cold cache: a copy of $(basename "$source") evicted before every run (device ${dev:-unknown})"
    say ""
    say "| command | threads | mode | cold wall | cold CPU | warm wall | cold ÷ cat | cold ÷ max(cat, warm) | device reads | KiB per read |"
    say "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|"
    local entry label args threads run mode
    for entry in "$@"; do
        label=${entry%%|*} args=${entry#*|}
        for threads in $THREADS; do
            rm -f "$WORK"/*.t "$WORK"/*.io
            lock
            for ((run = 1; run <= RUNS; run++)); do
                cold_run cat "$file" "$dev" cat "$file"
                for mode in read mmap; do
                    # shellcheck disable=SC2086
                    cold_run "$mode" "$file" "$dev" "$FASTLOG" $args --threads "$threads" --io "$mode" -q "$file"
                    # The same run again, the file now cached: what the command costs without I/O.
                    # shellcheck disable=SC2086
                    timed "$mode-warm" "$FASTLOG" $args --threads "$threads" --io "$mode" -q "$file"
                done
                timed cat-warm cat "$file"
            done
            unlock
            local tag
            for tag in cat read mmap; do
                local reads kib to_cat to_floor
                reads=$(awk '{ print $1 }' "$WORK/$tag.io" | median)
                kib=$(awk '$1 > 0 { printf "%.0f\n", $2 / 2 / $1 }' "$WORK/$tag.io" | median)
                # Per round: cold ÷ cat cold, and cold ÷ the larger of cat cold and the same run
                # warm (the floor when reading and parsing overlap perfectly); medians of rounds.
                to_cat=$(paste -d' ' "$WORK/$tag.t" "$WORK/cat.t" | awk '$3 > 0 { print $1 / $3 }' | median)
                to_floor=$(paste -d' ' "$WORK/$tag.t" "$WORK/cat.t" "$WORK/$tag-warm.t" | awk '{ f = $3 > $5 ? $3 : $5; if (f > 0) print $1 / f }' | median)
                say "| \`$([ "$tag" = cat ] && echo "cat FILE > /dev/null" || echo "$label")\` | $([ "$tag" = cat ] && echo - || echo "$threads") | $tag | $(stat_of "$tag" 1) | $(stat_of "$tag" 2) | $(stat_of "$tag-warm" 1) | $(printf '%.2f' "$to_cat") | $([ "$tag" = cat ] && echo - || printf '%.2f' "$to_floor") | $reads | ${kib:--} |"
            done
        done
    done
    rm -f "$file"
}

say "## \`--io read\` vs \`--io mmap\`"
say ""
say "$("$FASTLOG" --version | head -n 1); $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GB", $2 / 1048576 }' /proc/meminfo) RAM; medians of $RUNS interleaved runs; wall and CPU (user + sys) in seconds; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
if [ "$WARM" -eq 1 ]; then
    [ -z "$CLF" ] || warm_table "Access log" "$CLF" "${CLF_COMMANDS[@]}"
    [ -z "$JSON" ] || warm_table "GitHub events" "$JSON" "${JSON_COMMANDS[@]}"
fi
if [ "$COLD" -eq 1 ]; then
    [ -z "$CLF" ] || cold_table "Access log" "$CLF" "count --by status|count --by status" "analyze|analyze --stable"
    [ -z "$JSON" ] || cold_table "GitHub events" "$JSON" "count --by type|count --by type" "analyze|analyze --stable"
fi
say ""
say "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
