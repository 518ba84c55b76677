#!/bin/bash
# Map + reduce on Slurm: an array job with one `fastlog … --partial` task per input, and a merge
# job that runs only when every task succeeded (afterok; --kill-on-invalid-dep cancels it otherwise,
# instead of leaving it pending forever). Slurm assumes a shared filesystem: the binary, the inputs
# and WORKDIR must be visible at the same paths on every node (NFS, Lustre, or staged with sbcast).
#
# usage: scale/slurm/submit.sh --work WORKDIR [--wait] [--sbatch "EXTRA OPTIONS"] --fastlog PATH -- COMMAND ARGS… INPUTS…
#   writes WORKDIR/inputs.txt, WORKDIR/partials/, WORKDIR/logs/, and (the merge job) WORKDIR/report.txt;
#   prints "MAP_JOB_ID MERGE_JOB_ID". With --wait, waits for the merge job and exits 0 only when
#   WORKDIR/report.txt was written (merge exit 0), 3 otherwise.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
. "$here/../lib.sh"
work= wait=0 extra= fastlog=
while [ $# -gt 0 ]; do
    case "$1" in
        --work) work=$2; shift 2 ;;
        --wait) wait=1; shift ;;
        --sbatch) extra=$2; shift 2 ;;
        --fastlog) fastlog=$2; shift 2 ;;
        --) shift; break ;;
        *) echo "submit.sh: unknown option $1" >&2; exit 2 ;;
    esac
done
[ -n "$work" ] && [ -x "$fastlog" ] || { echo "submit.sh: need --work and an executable --fastlog" >&2; exit 2; }
split_run_args "$@" || exit 2
mkdir -p "$work/partials" "$work/logs"
work=$(realpath "$work")
fastlog=$(realpath "$fastlog")
for f in "${INPUTS[@]}"; do realpath "$f"; done > "$work/inputs.txt"
n=${#INPUTS[@]}
printf '%q ' "${MAP_ARGS[@]}" > "$work/map-args"
printf '%q ' "${MERGE_ARGS[@]}" > "$work/merge-args"
cat > "$work/map.sbatch" <<EOS
#!/bin/bash
#SBATCH --output=$work/logs/map-%A_%a.out
# Each task: the input on line TASK_ID+1; run from the input's directory so the report names inputs by file name.
input=\$(sed -n "\$((SLURM_ARRAY_TASK_ID + 1))p" "$work/inputs.txt")
cd "\$(dirname "\$input")" && exec "$fastlog" $(cat "$work/map-args") --partial "$work/partials/part-\$SLURM_ARRAY_TASK_ID.flp" "\$(basename "\$input")"
EOS
map=$(sbatch --parsable $extra --array=0-$((n - 1)) "$work/map.sbatch") || exit 1
merge=$(sbatch --parsable $extra --dependency=afterok:$map --kill-on-invalid-dep=yes --output="$work/logs/merge.out" \
    --wrap "\"$fastlog\" merge --expect $n $(cat "$work/merge-args") -o \"$work/report.txt\" \"$work\"/partials/part-*.flp") || exit 1
echo "$map $merge"
[ "$wait" = 1 ] || exit 0
# squeue forgets a job shortly after it ends: wait for that, then judge by the report file.
while squeue -h -j "$merge" 2>/dev/null | grep -q .; do sleep 1; done
[ -f "$work/report.txt" ] && exit 0
echo "submit.sh: no report: a map task failed (merge job cancelled) or merge refused the partials; see $work/logs" >&2
exit 3
