#!/usr/bin/env bash
# Old vs new fastlog on logs of different cardinality: wall and CPU (user + system) seconds of
# each command, runs interleaved (old, new, old, new, ...), medians printed as a markdown table.
# Checks on the way that both binaries print the same bytes (sha256) for each command.
#
#   bash bench/scripts/cardinality.sh OLD_BINARY NEW_BINARY RUNS LOG...
#
# Logs used for issue 18 (item 3), each 1 GB:
#   fastlog generate --size 1G --seed 1 > default_1g.log
#   fastlog generate --size 1G --seed 1 --id-paths 1 --clients 1000000 --agents 10000 > adversarial_1g.log
set -u
OLD=$1
NEW=$2
RUNS=$3
shift 3
COMMANDS=("analyze --output json --stable" "analyze --detect --output json --stable" "top ip")
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

median() { sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

echo "| log | command | old wall s | new wall s | old CPU s | new CPU s | same output |"
echo "|---|---|---:|---:|---:|---:|---|"
for log in "$@"; do
    for command in "${COMMANDS[@]}"; do
        for run in $(seq "$RUNS"); do
            for which in old new; do
                binary=$OLD
                [ "$which" = new ] && binary=$NEW
                # shellcheck disable=SC2086 # the command is words on purpose
                /usr/bin/time -f '%e %U %S' -o "$TMP/time" "$binary" $command "$log" >"$TMP/$which.out" 2>/dev/null
                awk '{ print $1 }' "$TMP/time" >>"$TMP/$which.wall"
                awk '{ print $2 + $3 }' "$TMP/time" >>"$TMP/$which.cpu"
            done
        done
        same=no
        [ "$(sha256sum <"$TMP/old.out")" = "$(sha256sum <"$TMP/new.out")" ] && same=yes
        printf '| %s | `%s` | %s | %s | %s | %s | %s |\n' "$(basename "$log")" "$command" \
            "$(median <"$TMP/old.wall")" "$(median <"$TMP/new.wall")" "$(median <"$TMP/old.cpu")" "$(median <"$TMP/new.cpu")" "$same"
        rm -f "$TMP"/*.wall "$TMP"/*.cpu
    done
done
