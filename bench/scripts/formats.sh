#!/usr/bin/env bash
# Throughput of the non-access formats beside the peers people use on them: for each of auth,
# syslog, cloudtrail (NDJSON) and github, a ~1 GB log from `fastlog generate` (warm page cache),
# fastlog on one and on all cores, and jq / awk / DuckDB read_json answering the same question.
# Writes bench/results/<machine>-formats.md with hyperfine medians and MB/s per core.
#
#   bash bench/scripts/formats.sh                       # 1G per format
#   bash bench/scripts/formats.sh --size 100M --runs 2  # quick look
#   bash bench/scripts/formats.sh --fastlog /tmp/pub/fastlog --formats "auth cloudtrail"
#
# Peers are installed with apt when missing (hyperfine, jq, mawk); DuckDB comes from bench/peers
# (DuckDB.NET.Data.Full). jq is single-threaded: its MB/s is per core already.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
cd "$ROOT"

SIZE=1G
RUNS=3
WARMUP=1
FASTLOG=artifacts/fastlog
FORMATS="auth syslog cloudtrail github"
OUT=""
while [ $# -gt 0 ]; do
    case "$1" in
        --size) SIZE=$2; shift 2 ;;
        --runs) RUNS=$2; shift 2 ;;
        --warmup) WARMUP=$2; shift 2 ;;
        --fastlog) FASTLOG=$2; shift 2 ;;
        --formats) FORMATS=$2; shift 2 ;;
        --out) OUT=$2; shift 2 ;;
        *) echo "unknown option $1" >&2; exit 2 ;;
    esac
done
log() { echo "formats.sh: $*" >&2; }

need=()
for tool in hyperfine jq mawk; do command -v "$tool" >/dev/null 2>&1 || need+=("$tool"); done
if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]}"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
fi
[ -x "$FASTLOG" ] || { log "building $FASTLOG"; dotnet pwsh build.ps1 publish >/dev/null; }
dotnet build bench/peers -c Release -nologo -v quiet >/dev/null
PEERS_DLL=$(ls bench/peers/bin/Release/net*/linux-x64/peers.dll 2>/dev/null | head -n 1)

WORK=bench/work
mkdir -p "$WORK" bench/results
MACHINE=$(lscpu | sed -n 's/^Model name:[[:space:]]*//p' | awk '{print $1"-"$2}' | tr -cd 'A-Za-z0-9-')
OUT=${OUT:-bench/results/${MACHINE:-machine}-formats.md}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# The question asked of each format, by fastlog and by each peer (same answer: top values).
fastlog_args() {
    case "$1" in
        auth) echo "top ip --where event==\"failed_password\" --output csv" ;;
        syslog) echo "top app --output csv" ;;
        cloudtrail) echo "top event_name --output csv" ;;
        github) echo "top type --output csv" ;;
    esac
}
peer_commands() { # prints "name<TAB>command" lines
    local f=$1 file=$2
    case "$1" in
        auth)
            printf 'mawk|sort|uniq\t%s\n' "mawk '/Failed password/ { for (i = 1; i < NF; i++) if (\$i == \"from\") { print \$(i + 1); break } }' $file | sort | uniq -c | sort -rn | head"
            printf 'grep -c\t%s\n' "grep -c 'Failed password' $file" ;;
        syslog)
            printf 'mawk|sort|uniq\t%s\n' "mawk '{ t = \$5; sub(/\\[.*/, \"\", t); sub(/:\$/, \"\", t); print t }' $file | sort | uniq -c | sort -rn | head" ;;
        cloudtrail)
            printf 'jq|sort|uniq\t%s\n' "jq -r .eventName $file | sort | uniq -c | sort -rn | head"
            [ -n "$PEERS_DLL" ] && printf 'DuckDB read_json\t%s\n' "dotnet $PEERS_DLL json $file eventName" ;;
        github)
            printf 'jq|sort|uniq\t%s\n' "jq -r .type $file | sort | uniq -c | sort -rn | head"
            [ -n "$PEERS_DLL" ] && printf 'DuckDB read_json\t%s\n' "dotnet $PEERS_DLL json $file type" ;;
    esac
}

{
    echo "# Formats throughput — $(date -u +%Y-%m-%d) — $(nproc) cores"
    echo
    echo "fastlog: \`$("$FASTLOG" --version)\`; hyperfine --runs $RUNS --warmup $WARMUP, medians; warm page cache."
    echo
    echo "| format | file | command | median s | MB/s | MB/s per core |"
    echo "|---|---|---|---:|---:|---:|"
} >"$OUT"

for f in $FORMATS; do
    file="$WORK/${f}_$(tr 'A-Z' 'a-z' <<<"$SIZE").log"
    if [ ! -s "$file" ]; then
        log "generating $file"
        "$FASTLOG" generate --format "$f" --size "$SIZE" --seed 1 -o "$file"
    fi
    bytes=$(stat -L -c %s "$file")
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1e6 }')
    names=()
    cmds=()
    names+=("fastlog (1 thread)"); cmds+=("$FASTLOG $(fastlog_args "$f") --threads 1 $file")
    names+=("fastlog ($(nproc) threads)"); cmds+=("$FASTLOG $(fastlog_args "$f") $file")
    while IFS=$'\t' read -r name cmd; do names+=("$name"); cmds+=("$cmd"); done < <(peer_commands "$f" "$file")
    for i in "${!cmds[@]}"; do
        log "$f: ${names[$i]}"
        hyperfine --runs "$RUNS" --warmup "$WARMUP" --output=pipe --style basic --export-json "$TMP/r.json" "${cmds[$i]}" >/dev/null
        median=$(jq '.results[0].median' "$TMP/r.json")
        threads=1
        case "${names[$i]}" in "fastlog ($(nproc) threads)") threads=$(nproc) ;; DuckDB*) threads=$(nproc) ;; esac
        awk -v f="$f" -v file="$(basename "$file") ($mb MB)" -v n="${names[$i]}" -v m="$median" -v mb="$mb" -v t="$threads" \
            'BEGIN { printf "| %s | %s | %s | %.3f | %.0f | %.0f |\n", f, file, n, m, mb / m, mb / m / t }' >>"$OUT"
    done
done
{
    echo
    echo "Questions: auth = top source IPs of failed passwords; syslog = top programs; cloudtrail = top event names;"
    echo "github = events by type. DuckDB uses every core (its figure per core divides by $(nproc)); pipelines"
    echo "with sort run their stages concurrently, so their per-core figure is an upper bound."
} >>"$OUT"
log "wrote $OUT"
cat "$OUT"
