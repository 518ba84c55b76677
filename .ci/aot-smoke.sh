#!/usr/bin/env bash
# AOT smoke test: runs the published native binary (artifacts/fastlog) and the JIT build of the
# same code with identical arguments over data/samples, and compares stdout and exit codes.
# Also checks what only the native binary can show: the scanner it picked (--version), its
# size, and that results do not depend on --io or --threads.
#
#   bash .ci/aot-smoke.sh              # builds the JIT side (dotnet build -c Release) first
#   bash .ci/aot-smoke.sh --no-build   # reuse an existing JIT build
#
# Environment: FASTLOG_AOT (default artifacts/fastlog), FASTLOG_SMOKE_KEEP=1 keeps the temp dir.
# Prints PASS/FAIL per case and a closing "N passed, N failed"; exits 1 on any failure.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
AOT=${FASTLOG_AOT:-$ROOT/artifacts/fastlog}
# The JIT build's entry assembly, as MSBuild names it (normally .../bin/Release/net10.0/fastlog.dll).
JIT_DLL=$(dotnet msbuild src/FastLog.Aot/FastLog.Aot.csproj -nologo -getProperty:TargetPath -p:Configuration=Release 2>/dev/null | tail -n 1)
[ -n "$JIT_DLL" ] || JIT_DLL=$ROOT/src/FastLog.Aot/bin/Release/net10.0/fastlog.dll
MAX_BYTES=$((15 * 1000 * 1000)) # the product target: a binary under 15 MB
RUN_TIMEOUT=${FASTLOG_SMOKE_TIMEOUT:-120}
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
unset FASTLOG_SCANNER # each side picks its own scanner, as a user's run would

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1${2:+: $2}"; }

finish() {
    echo "aot-smoke: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

if [ "${1:-}" != "--no-build" ]; then
    echo "> dotnet build src/FastLog.Aot -c Release"
    if ! dotnet build src/FastLog.Aot -c Release -v quiet -nologo; then
        fail "JIT build" "dotnet build src/FastLog.Aot -c Release failed"
        finish
    fi
fi

if [ ! -x "$AOT" ]; then
    fail "native binary" "$AOT is missing (run: dotnet pwsh build.ps1 publish)"
    finish
fi
if [ ! -f "$JIT_DLL" ]; then
    fail "JIT build" "$JIT_DLL is missing"
    finish
fi

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fastlog-smoke.XXXXXX")
if [ "${FASTLOG_SMOKE_KEEP:-0}" != "1" ]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP"; fi

# --- the native binary itself -----------------------------------------------------------------

size=$(stat -c %s "$AOT")
if [ "$size" -lt "$MAX_BYTES" ]; then pass "size: $size bytes < $MAX_BYTES"; else fail "size" "$size bytes >= $MAX_BYTES"; fi

# Native AOT compiles for the IlcInstructionSet baseline (avx) and checks AVX2 at run time, so
# verify which scanner the binary really picks instead of assuming.
if grep -qw avx2 /proc/cpuinfo 2>/dev/null; then want=v256; else want=v128; fi
version_out=$(timeout "$RUN_TIMEOUT" "$AOT" --version 2>&1)
version_rc=$?
echo "      fastlog --version: $version_out"
if [ "$version_rc" -eq 0 ] && grep -Eq "scanner(=|: ?)$want\b" <<<"$version_out"; then
    pass "--version reports scanner $want"
else
    fail "--version reports scanner $want" "exit $version_rc, output: $version_out"
fi

# --- AOT vs JIT, identical arguments -----------------------------------------------------------

n=0
# run_pair NAME EXPECTED_EXIT STDIN_FILE ARGS...  (STDIN_FILE is /dev/null unless the case reads a pipe)
# Sets $last_out to the AOT stdout file (for consistency checks). Fails when the exit codes or
# stdout differ, when the exit code is not the expected one, or when a 0-exit run prints nothing.
run_pair() {
    local name=$1 expect=$2 input=$3
    shift 3
    n=$((n + 1))
    local a="$TMP/$n.aot" j="$TMP/$n.jit"
    timeout "$RUN_TIMEOUT" "$AOT" "$@" <"$input" >"$a" 2>"$a.err"
    local arc=$?
    timeout "$RUN_TIMEOUT" dotnet "$JIT_DLL" "$@" <"$input" >"$j" 2>"$j.err"
    local jrc=$?
    last_out=$a
    if [ "$arc" -ne "$jrc" ]; then
        fail "$name" "exit code AOT $arc vs JIT $jrc; AOT stderr: $(head -c 300 "$a.err")"
    elif [ "$arc" -ne "$expect" ]; then
        fail "$name" "exit code $arc, expected $expect; stderr: $(head -c 300 "$a.err")"
    elif ! cmp -s "$a" "$j"; then
        fail "$name" "stdout differs between AOT and JIT"
        diff "$a" "$j" | head -n 20 | sed 's/^/        /'
    elif [ "$expect" -eq 0 ] && [ ! -s "$a" ]; then
        fail "$name" "empty stdout"
    else
        pass "$name"
    fi
}

# same_output NAME FILE_A FILE_B: results must not depend on I/O mode, threads or input kind.
same_output() {
    if cmp -s "$2" "$3"; then
        pass "$1"
    else
        fail "$1" "outputs differ"
        diff "$2" "$3" | head -n 20 | sed 's/^/        /'
    fi
}

COMMANDS=(
    "analyze --output json --stable"
    "analyze --stable"
    "top ip --output csv"
    "top path -n 5 --output csv"
    "count --by status --output csv"
    "count --by status,method --output csv"
    "count --output csv"
)
# The last variant cuts the small samples into many chunks (about 20-40 per file), so chunk
# boundaries fall inside lines, quoted fields and the CRLF line.
VARIANTS=("" "--io read" "--io mmap" "--threads 1" "--threads 2" "--threads 2 --chunk-size 4096")

mapfile -t SAMPLES < <(find data/samples -type f -name '*.log' | sort)
if [ "${#SAMPLES[@]}" -eq 0 ]; then
    fail "samples" "no data/samples/**/*.log"
    finish
fi

for file in "${SAMPLES[@]}"; do
    for cmd in "${COMMANDS[@]}"; do
        base=""
        for variant in "${VARIANTS[@]}"; do
            # shellcheck disable=SC2086 # word splitting of cmd/variant is intended
            run_pair "$cmd${variant:+ $variant} $file" 0 /dev/null $cmd $variant "$file"
            if [ -z "$variant" ]; then
                base=$last_out
            else
                same_output "  same result with $variant: $cmd $file" "$base" "$last_out"
            fi
        done
    done
done

# --format named explicitly gives the same result as detection (the folder name is the format).
for file in "${SAMPLES[@]}"; do
    format=$(basename "$(dirname "$file")")
    case "$format" in common | combined | nginx) ;; *) continue ;; esac
    run_pair "count --by status --output csv $file" 0 /dev/null count --by status --output csv "$file"
    detected=$last_out
    run_pair "count --by status --output csv --format $format $file" 0 /dev/null count --by status --output csv --format "$format" "$file"
    same_output "  same result with --format $format: $file" "$detected" "$last_out"
done

# A directory as input (the README quick start runs analyze on data/samples).
run_pair "analyze --output json --stable data/samples (directory)" 0 /dev/null analyze --output json --stable data/samples
run_pair "count --by status --output csv data/samples (directory)" 0 /dev/null count --by status --output csv data/samples

# stdin: a pipe gives the same counts as the file.
combined=data/samples/combined/access.log
run_pair "count --by status --output csv $combined (file)" 0 /dev/null count --by status --output csv "$combined"
file_out=$last_out
cat "$combined" >"$TMP/stdin.log"
run_pair "count --by status --output csv - (stdin)" 0 "$TMP/stdin.log" count --by status --output csv -
same_output "  stdin == file: count --by status" "$file_out" "$last_out"
run_pair "top ip --output csv - (stdin)" 0 "$TMP/stdin.log" top ip --output csv -

# gzip: a .gz copy made here gives the same counts as the plain file.
mkdir -p "$TMP/gz"
gzip -c "$combined" >"$TMP/gz/access.log.gz"
run_pair "count --by status --output csv access.log.gz" 0 /dev/null count --by status --output csv "$TMP/gz/access.log.gz"
same_output "  gz == file: count --by status" "$file_out" "$last_out"
run_pair "top path -n 5 --output csv access.log.gz" 0 /dev/null top path -n 5 --output csv "$TMP/gz/access.log.gz"
run_pair "top path -n 5 --output csv $combined (file)" 0 /dev/null top path -n 5 --output csv "$combined"
run_pair "analyze --output json --stable access.log.gz" 0 /dev/null analyze --output json --stable "$TMP/gz/access.log.gz"

# Every other format: a small generated file each (the native binary writes it; both sides read it).
run_pair "formats" 0 /dev/null formats
for format in auth cloudtrail github; do
    gen="$TMP/gen-$format.log"
    if ! timeout "$RUN_TIMEOUT" "$AOT" generate --format "$format" --lines 20000 --seed 7 -o "$gen"; then
        fail "generate --format $format" "exit $?"
        continue
    fi
    case "$format" in
        auth) field=event; extra=(--year 2026) ;;
        cloudtrail) field=event_name; extra=() ;;
        github) field=type; extra=() ;;
    esac
    run_pair "analyze --output json --stable $format" 0 /dev/null analyze --output json --stable "${extra[@]}" "$gen"
    base=$last_out
    run_pair "analyze --output json --stable --threads 1 --chunk-size 65536 $format" 0 /dev/null analyze --output json --stable --threads 1 --chunk-size 65536 "${extra[@]}" "$gen"
    same_output "  same result with --threads 1 --chunk-size 65536: analyze $format" "$base" "$last_out"
    run_pair "count --by $field --output csv $format" 0 /dev/null count --by "$field" --output csv "${extra[@]}" "$gen"
    run_pair "top ip --output csv $format" 0 /dev/null top ip --output csv "${extra[@]}" "$gen"
    run_pair "filter --where 'ip != null' --fields ts,ip,$field --output jsonl $format" 0 /dev/null filter --where 'ip != null' --fields "ts,ip,$field" --output jsonl "${extra[@]}" "$gen"
    if [ "$format" != github ]; then
        run_pair "detect --output jsonl $format" 0 /dev/null detect --output jsonl "${extra[@]}" "$gen"
    fi
done

# Usage errors exit 2 (README, exit codes).
run_pair "usage error: top without a field exits 2" 2 /dev/null top
run_pair "usage error: unknown option exits 2" 2 /dev/null count --no-such-option "$combined"

# A missing input is a runtime failure: exit 1.
run_pair "missing input exits 1" 1 /dev/null count --output csv "$TMP/does-not-exist.log"

finish
