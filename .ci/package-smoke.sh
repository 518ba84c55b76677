#!/usr/bin/env bash
# Release-archive checks (after `dotnet pwsh build.ps1 package`): checksums, archive layout, the
# man page renders, completion scripts parse, and the linux-arm64 binary run under qemu-user gives
# the same output as the linux-x64 binary on data/samples and a generated log, with each scanner
# it has. Also: neither binary needs libssl (the arm64 sysroot has none; on x64 it is hidden).
#
#   bash .ci/package-smoke.sh
#
# Environment: FASTLOG_SMOKE_KEEP=1 keeps the temp dir. Needs qemu-user, man-db/groff, zsh, fish
# (.ci/run installs them). Prints PASS/FAIL per case and "N passed, N failed"; exits 1 on a failure.
set -u
set -o pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
RUN_TIMEOUT=${FASTLOG_SMOKE_TIMEOUT:-300}
SYSROOT=/usr/aarch64-linux-gnu
unset FASTLOG_SCANNER

passed=0
failed=0
pass() { passed=$((passed + 1)); echo "PASS  $1"; }
fail() { failed=$((failed + 1)); echo "FAIL  $1${2:+: $2}"; }
finish() {
    echo "package-smoke: $passed passed, $failed failed"
    [ "$failed" -eq 0 ]
    exit $?
}

TMP=$(mktemp -d "${TMPDIR:-/tmp}/fastlog-package.XXXXXX")
if [ "${FASTLOG_SMOKE_KEEP:-0}" != "1" ]; then trap 'rm -rf "$TMP"' EXIT; else echo "keeping $TMP"; fi

# --- archives: checksums and layout -----------------------------------------------------------

declare -A DIR
for rid in linux-x64 linux-arm64; do
    archive=$(find artifacts -maxdepth 1 -name "fastlog-*-$rid.tar.gz" | sort | tail -n 1)
    if [ -z "$archive" ]; then
        fail "$rid archive" "no artifacts/fastlog-*-$rid.tar.gz (run: dotnet pwsh build.ps1 package)"
        continue
    fi
    name=$(basename "$archive" .tar.gz)
    if (cd artifacts && sha256sum -c "$name.tar.gz.sha256"); then pass "$name.tar.gz matches $name.tar.gz.sha256"; else fail "$name.tar.gz.sha256" "sha256sum -c failed"; fi
    expected=$(printf '%s\n' "$name/" "$name/LICENSE" "$name/README.md" "$name/completions/" "$name/completions/_fastlog" \
        "$name/completions/fastlog.bash" "$name/completions/fastlog.fish" "$name/fastlog" "$name/fastlog.1")
    actual=$(tar -tzf "$archive")
    if [ "$actual" = "$expected" ]; then pass "$name layout"; else fail "$name layout" "$(diff <(echo "$expected") <(echo "$actual") | tr '\n' ' ')"; fi
    owners=$(tar -tvzf "$archive" | awk '{print $2}' | sort -u)
    if [ "$owners" = "0/0" ]; then pass "$name entries owned by 0/0"; else fail "$name owners" "$owners"; fi
    mkdir -p "$TMP/$rid"
    tar -xzf "$archive" -C "$TMP/$rid"
    DIR[$rid]=$TMP/$rid/$name
done
[ -n "${DIR[linux-x64]:-}" ] && [ -n "${DIR[linux-arm64]:-}" ] || finish

X64=${DIR[linux-x64]}/fastlog
ARM=${DIR[linux-arm64]}/fastlog
arm() { timeout "$RUN_TIMEOUT" qemu-aarch64 -L "$SYSROOT" "$ARM" "$@"; }

file "$ARM" | grep -q 'ARM aarch64' && pass "linux-arm64 binary is aarch64 ELF" || fail "linux-arm64 binary" "$(file "$ARM")"
file "$X64" | grep -q 'x86-64' && pass "linux-x64 binary is x86-64 ELF" || fail "linux-x64 binary" "$(file "$X64")"

# --- man page and completions ------------------------------------------------------------------

man_err=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings=all -l "${DIR[linux-x64]}/fastlog.1" 2>&1 >"$TMP/man.txt")
if [ $? -eq 0 ] && [ -z "$man_err" ] && grep -q '^EXIT STATUS' "$TMP/man.txt" && grep -q '^EXAMPLES' "$TMP/man.txt"; then
    pass "man -l fastlog.1 renders without warnings (EXIT STATUS, EXAMPLES)"
else
    fail "man -l fastlog.1" "$man_err"
fi
for check in "bash -n fastlog.bash" "zsh -n _fastlog" "fish --no-execute fastlog.fish"; do
    read -r shell flag file <<<"$check"
    if (cd "${DIR[linux-x64]}/completions" && "$shell" "$flag" "$file"); then pass "$check"; else fail "$check"; fi
done
for file in fastlog.1 completions/fastlog.bash completions/_fastlog completions/fastlog.fish; do
    if cmp -s "${DIR[linux-x64]}/$file" "${DIR[linux-arm64]}/$file"; then pass "$file is the same in both archives"; else fail "$file differs between the archives"; fi
done

# --- version lines -----------------------------------------------------------------------------

commit=$(git rev-parse --short=7 HEAD)
x64_version=$("$X64" --version)
arm_version=$(arm --version)
echo "      x64:   $x64_version"
echo "      arm64: $arm_version"
grep -Eq "^fastlog [0-9.]+ \($commit(-dirty)? [0-9]{4}-[0-9]{2}-[0-9]{2}\) linux-x64 scanner=v(128|256) " <<<"$x64_version" \
    && pass "x64 --version: commit $commit, linux-x64" || fail "x64 --version" "$x64_version"
# AdvSimd (NEON) is part of ARMv8.0, so v128 is always there on arm64; AVX2 (v256) never is.
grep -Eq "^fastlog [0-9.]+ \($commit(-dirty)? [0-9]{4}-[0-9]{2}-[0-9]{2}\) linux-arm64 scanner=v128 available=scalar,v128$" <<<"$arm_version" \
    && pass "arm64 --version: commit $commit, linux-arm64, scanner=v128 (NEON)" || fail "arm64 --version" "$arm_version"

# --- no libssl -----------------------------------------------------------------------------------

if ls "$SYSROOT"/lib/libssl.so* >/dev/null 2>&1; then
    fail "arm64 sysroot has no libssl" "$SYSROOT has libssl: the qemu runs would not show a libssl dependency"
else
    pass "arm64 sysroot has no libssl (every qemu run below shows fastlog does without it)"
fi
# count --by seeds its hash tables: that once went through OpenSSL and aborted without libssl.
if unshare -m true 2>/dev/null; then
    nossl=$(unshare -m bash -c 'for f in /usr/lib/*/libssl.so* /lib/*/libssl.so*; do [ -e "$f" ] && mount --bind /dev/null "$f"; done; "$1" count --by status --output csv "$2"' nossl "$X64" data/samples/combined/access.log 2>&1)
    if [ $? -eq 0 ] && [ "$nossl" = "$("$X64" count --by status --output csv data/samples/combined/access.log)" ]; then
        pass "x64 count --by runs with libssl hidden"
    else
        fail "x64 count --by with libssl hidden" "$nossl"
    fi
else
    echo "SKIP  x64 without libssl: unshare -m is not permitted here"
fi

# --- arm64 under qemu == x64 ---------------------------------------------------------------------

"$X64" generate --lines 200000 --seed 11 -o "$TMP/generated.log" || fail "generate" "x64 generate failed"
"$X64" generate --format auth --lines 50000 --seed 11 -o "$TMP/auth.log" || fail "generate auth" "x64 generate failed"
# Bytes that stress the scanners' vector paths: CRLF endings, NULs, unbalanced quotes, a 100 KB
# line, a line of only spaces, all mixed into a real log.
awk 'NR % 7 == 0 { printf "%s\r\n", $0; next }
     NR % 11 == 0 { printf "%s\001tail\n", $0; next }
     NR % 13 == 0 { sub(/"/, ""); print; next }
     NR == 50 { s = "A"; while (length(s) < 100000) s = s s; print "10.0.0.1 - - [10/Oct/2026:13:55:36 +0000] \"GET /" s " HTTP/1.1\" 200 5 \"-\" \"x\""; next }
     NR == 60 { printf "%300s\n", ""; next }
     { print }' data/samples/combined/access.log | tr '\001' '\000' >"$TMP/hostile.log"
mapfile -t INPUTS < <(find data/samples -type f -name '*.log' | sort)
INPUTS+=("$TMP/generated.log" "$TMP/hostile.log")

COMMANDS=(
    "analyze --output json --stable"
    "analyze --output json --stable --detect"
    "top ip --output csv"
    "count --by status,method --output csv"
    "stats request_time --output csv"
    "filter --where status>=500 --fields ts,ip,path --output jsonl"
    "detect --output jsonl"
)
n=0
compare() { # compare NAME ARGS...: x64 vs arm64 (each arm64 scanner), same exit code and stdout
    local name=$1
    shift
    n=$((n + 1))
    timeout "$RUN_TIMEOUT" "$X64" "$@" >"$TMP/$n.x64" 2>"$TMP/$n.x64.err"
    local xrc=$?
    for scanner in scalar v128; do
        FASTLOG_SCANNER=$scanner arm "$@" >"$TMP/$n.arm" 2>"$TMP/$n.arm.err"
        local arc=$?
        if [ "$xrc" -ne 0 ]; then
            fail "$name" "x64 exit $xrc: $(head -c 300 "$TMP/$n.x64.err")"
        elif [ "$arc" -ne "$xrc" ]; then
            fail "$name [arm64 $scanner]" "exit $arc vs x64 $xrc: $(head -c 300 "$TMP/$n.arm.err")"
        elif ! cmp -s "$TMP/$n.x64" "$TMP/$n.arm"; then
            fail "$name [arm64 $scanner]" "stdout differs from x64"
            diff "$TMP/$n.x64" "$TMP/$n.arm" | head -n 10 | sed 's/^/        /'
        elif [ ! -s "$TMP/$n.x64" ]; then
            fail "$name" "empty stdout"
        else
            pass "$name [arm64 $scanner == x64]"
        fi
    done
}
for file in "${INPUTS[@]}"; do
    for cmd in "${COMMANDS[@]}"; do
        # shellcheck disable=SC2086 # word splitting of cmd is intended
        compare "$cmd $(basename "$(dirname "$file")")/$(basename "$file")" $cmd "$file"
    done
    # Small chunks on two threads: block ends fall everywhere inside the NEON vectors.
    compare "analyze --threads 2 --chunk-size 4099 $(basename "$file")" analyze --output json --stable --threads 2 --chunk-size 4099 "$file"
done
compare "analyze --year 2026 auth" analyze --output json --stable --year 2026 "$TMP/auth.log"
compare "detect --year 2026 auth" detect --output jsonl --year 2026 "$TMP/auth.log"
gzip -c data/samples/combined/access.log >"$TMP/access.log.gz"
compare "count --by status access.log.gz" count --by status --output csv "$TMP/access.log.gz"
compare "generate --lines 20000 --seed 5" generate --lines 20000 --seed 5

finish
