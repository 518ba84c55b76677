#!/usr/bin/env bash
# Prints one `sha256  name` line per output of a fixed set of fastlog runs, so that the outputs of
# two builds can be diffed: a refactoring that must not change behaviour leaves the lines identical.
#
#   bash bench/scripts/identity-hashes.sh > before.txt            # artifacts/fastlog
#   FASTLOG="dotnet src/FastLog.Aot/bin/Release/net10.0/fastlog.dll" bash bench/scripts/identity-hashes.sh > after.txt
#   diff before.txt after.txt
#
# The set: every data/samples file through `analyze --stable`, `analyze --detect --stable` and
# `convert --to jsonl`; `generate` of every format with a fixed seed and size (log and --truth),
# and the same three runs over each generated log (so every line-based parser is covered).
# Exit codes are part of each name (`…#rc=N`) so a run that starts failing is seen too.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"
FASTLOG=${FASTLOG:-$ROOT/artifacts/fastlog}
LINES=${IDENTITY_LINES:-20000}
SEED=${IDENTITY_SEED:-7}
FORMATS="common combined nginx auth cloudtrail github syslog w3c alb"

# A fixed folder, not mktemp: reports name their input files, so the paths must not change
# between runs (two runs at once would collide: run them one after the other).
TMP=${TMPDIR:-/tmp}/fastlog-identity
rm -rf "$TMP"
mkdir -p "$TMP"
trap 'rm -rf "$TMP"' EXIT

# emit NAME CMD...: runs CMD (its stdout to a file), prints the file's sha256 and NAME with the exit code.
emit() {
    local name=$1
    shift
    "$@" >"$TMP/out" 2>/dev/null
    local rc=$?
    printf '%s  %s#rc=%d\n' "$(sha256sum <"$TMP/out" | cut -d' ' -f1)" "$name" "$rc"
}

# runs_over NAME FILE [FORMAT-ARGS...]: the three report runs over one log.
runs_over() {
    local name=$1 file=$2
    shift 2
    emit "$name analyze --stable" $FASTLOG analyze --stable "$@" "$file"
    emit "$name analyze --detect --stable" $FASTLOG analyze --detect --stable "$@" "$file"
    emit "$name convert --to jsonl" $FASTLOG convert --to jsonl "$@" "$file"
    # Small chunks on two threads: batch and chunk boundaries land mid-file many times.
    emit "$name analyze --stable --chunk-size 65536 --threads 2" $FASTLOG analyze --stable --chunk-size 65536 --threads 2 "$@" "$file"
}

for sample in data/samples/*/*; do
    runs_over "$sample" "$sample"
done

for format in $FORMATS; do
    log="$TMP/gen-$format.log"
    $FASTLOG generate --format "$format" --lines "$LINES" --seed "$SEED" --truth "$TMP/truth.json" -o "$log" 2>/dev/null
    printf '%s  generate %s --lines %s --seed %s#rc=%d\n' "$(sha256sum <"$log" | cut -d' ' -f1)" "$format" "$LINES" "$SEED" "$?"
    printf '%s  generate %s truth\n' "$(sha256sum <"$TMP/truth.json" | cut -d' ' -f1)" "$format"
    runs_over "generated $format" "$log" --format "$format" --year 2024
done

# The formats that only read what another run wrote, or need a layout: custom, jsonl, csv.
log="$TMP/gen-combined.log"
$FASTLOG generate --format combined --lines "$LINES" --seed "$SEED" -o "$log" 2>/dev/null
runs_over "generated combined as custom" "$log" --format custom --log-format '%h %l %u %t "%r" %>s %b "%{Referer}i" "%{User-agent}i"'
$FASTLOG convert --to jsonl "$log" >"$TMP/gen.jsonl" 2>/dev/null
runs_over "generated combined as jsonl" "$TMP/gen.jsonl" --format jsonl
$FASTLOG convert --to csv -o "$TMP/gen.csv" "$log" 2>/dev/null
runs_over "generated combined as csv" "$TMP/gen.csv" --format csv
