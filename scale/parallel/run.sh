#!/bin/bash
# Map + reduce over a plain fleet with GNU parallel and ssh: one `fastlog … --partial` job per
# input on the hosts, the binary shipped once per host (--basefile), each input shipped to its job
# (--transferfile) and the partial pulled back (--return); then `fastlog merge --expect N` here.
#
# usage: scale/parallel/run.sh -S SSHLOGINS [--ssh CMD] [--retries N] [--timeout SECONDS]
#                              [--partials DIR] --fastlog PATH -- COMMAND ARGS… INPUTS…
#   -S          GNU parallel's --sshlogin list, e.g. 2/alice@host1,2/alice@host2
#   --retries   re-run a failed job on another host (default 3): a dead host otherwise drains the queue
#   --timeout   kill a job that runs longer (default 3600 s): a partitioned host otherwise hangs forever
#   --partials  where the partials land (default: a temporary directory, removed at the end)
# Inputs are shipped under their file names (their directories are not recreated remotely), so the
# report names them by file name. Exit: merge's exit code; 3 when a job failed after its retries.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"
sshlogin= ssh=ssh retries=3 timeout=3600 fastlog= partials=
while [ $# -gt 0 ]; do
    case "$1" in
        -S) sshlogin=$2; shift 2 ;;
        --ssh) ssh=$2; shift 2 ;;
        --retries) retries=$2; shift 2 ;;
        --timeout) timeout=$2; shift 2 ;;
        --fastlog) fastlog=$2; shift 2 ;;
        --partials) partials=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "run.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$sshlogin" ] && [ -x "$fastlog" ] || { echo "run.sh: need -S and an executable --fastlog" >&2; exit 2; }
split_run_args "$@" || exit 2
keep=1
if [ -z "$partials" ]; then partials=$(mktemp -d); keep=0; fi
mkdir -p "$partials"
cleanup() { [ "$keep" = 1 ] || rm -rf "$partials"; }
trap cleanup EXIT
# "DIR/./NAME": GNU parallel transfers the part after /./, so each input and the binary land in the
# job's working directory under their file names.
slash_dot() { local p; p=$(realpath "$1"); echo "$(dirname "$p")/./$(basename "$p")"; }
base=$(slash_dot "$fastlog")
shards=()
for f in "${INPUTS[@]}"; do shards+=("$(slash_dot "$f")"); done
map=$(printf '%q ' "${MAP_ARGS[@]}")
(cd "$partials" && parallel --ssh "$ssh" -S "$sshlogin" --basefile "$base" --transferfile {} --return 'part-{#}.flp' --cleanup \
    --retries "$retries" --timeout "$timeout" --joblog joblog \
    "./$(basename "$fastlog") $map --partial part-{#}.flp {/}" ::: "${shards[@]}")
rc=$?
if [ "$rc" -ne 0 ]; then
    echo "run.sh: $rc job(s) failed after $retries retries (see $partials/joblog); no report" >&2
    keep=1
    exit 3
fi
"$fastlog" merge --expect "${#INPUTS[@]}" "${MERGE_ARGS[@]}" "$partials"/part-*.flp
