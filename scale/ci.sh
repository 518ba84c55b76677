#!/bin/bash
# Scale-out test of the map (`fastlog analyze --partial` per shard) + reduce (`fastlog merge`) flow
# on three existing engines, through the drivers in this folder: GNU parallel over ssh, Slurm and
# Dask. For each: a healthy run, a worker/host killed mid-run, and a host partitioned mid-run; each
# must print the report of one run over all the shards, byte for byte, or fail without a report.
#
# usage: sudo scale/ci.sh [FASTLOG]   (default artifacts/fastlog; KEEP=1 keeps the work directory;
#        ONLY=parallel,slurm,dask runs only those engines)
# Needs root, Debian 12 packages (installed here: parallel openssh-server rsync slurm-wlm munge
# python3-distributed) and network namespaces: "hosts" h2 and h3 and a client/controller c are
# namespaces joined by veth pairs (10.231.x.y, no other address is used); each host runs as its own
# Unix user that cannot read the client's files, so whatever reaches a host was really shipped.
# Ends with "N passed, N failed"; exit 0 only when nothing failed.
set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
FASTLOG=$(realpath "${1:-$ROOT/artifacts/fastlog}")
[ -x "$FASTLOG" ] || { echo "ci.sh: no fastlog binary at $FASTLOG (dotnet pwsh build.ps1 publish)"; exit 2; }
[ "$(id -u)" = 0 ] || { echo "ci.sh: needs root (namespaces, users, daemons)"; exit 2; }
W=$(mktemp -d /tmp/fastlog-scale.XXXXXX); chmod 700 "$W"; cd "$W"
PASS=0; FAIL=0; T0=$SECONDS
want() { case ",${ONLY:-parallel,slurm,dask}," in *,$1,*) return 0 ;; *) return 1 ;; esac; }
ok()    { echo "PASS: $*"; PASS=$((PASS + 1)); }
bad()   { echo "FAIL: $*"; FAIL=$((FAIL + 1)); }
stage() { echo "== $* (t=$((SECONDS - T0))s)"; }
desc()  { local p; for p in $(ps -o pid= --ppid "$1"); do echo "$p"; desc "$p"; done; }
killtree() { local r=$1; [ -n "$r" ] && kill -9 "$r" $(desc "$r") 2>/dev/null; true; }
PIDS=()
ours() { { tr '\0' ' ' < "/proc/$1/cmdline"; } 2>/dev/null | grep -q -E "$W|10\.231\.|munged"; }   # never kill a reused PID
cleanup() {
    for p in "${PIDS[@]}"; do ours "$p" && killtree "$p"; done
    for f in "$W"/run/*.pid "$W"/slurm/run/*.pid; do [ -f "$f" ] && p=$(cat "$f") && ours "$p" && killtree "$p"; done
    for ns in fl-c fl-h2 fl-h3; do ip netns del $ns 2>/dev/null; done
    for u in fl2 fl3; do userdel -r $u 2>/dev/null; done
    [ -f "$W/slurm/run/munged.pid" ] && rm -f /run/munge/munge.socket.2 /run/munge/munge.socket.2.lock /run/munge/munged.pid
    [ -n "${KEEP:-}" ] || rm -rf "$W"
}
trap cleanup EXIT

stage "install"
DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
    parallel openssh-server openssh-client rsync slurm-wlm munge python3-distributed python3-dask >/dev/null || exit 1
mkdir -p bin data run ssh /run/sshd

# --- the binary, slowed down: each map task must still run when a host is killed ------------------
# bin/fastlog is a shell header followed by the real binary: it waits FL_DELAY seconds (2), copies
# the binary out of itself and runs it; being one file, the drivers ship it like the real one.
{ printf '%s\n' '#!/bin/sh' 'sleep 2' 't=$(mktemp); tail -n +6 "$0" > "$t"; chmod 755 "$t"' \
    '"$t" "$@"; rc=$?; rm -f "$t"; exit $rc' '# the native fastlog binary follows'; cat "$FASTLOG"; } > bin/fastlog
chmod 755 bin/fastlog
# 8 shards of one generated combined log, split by lines; expected = one run over them by file name.
"$FASTLOG" generate --lines 160000 --seed 16 -o all.log
(cd data && split -n l/8 -d --additional-suffix=.log ../all.log shard && chmod 644 *.log)
(cd data && "$FASTLOG" analyze --stable shard0*.log) > expected.txt
RUN=(analyze --stable)
check() { cmp -s "$1" expected.txt; }

# --- network: c <-> h2, c <-> h3; c forwards, so h2 <-> h3 works too (Dask needs it) -------------
stage "network namespaces"
for ns in fl-c fl-h2 fl-h3; do ip netns add $ns; ip -n $ns link set lo up; done
ip netns exec fl-c sysctl -qw net.ipv4.ip_forward=1
for n in 2 3; do
    ip link add c-h$n netns fl-c type veth peer name eth0 netns fl-h$n
    ip -n fl-c addr add 10.231.$n.1/30 dev c-h$n; ip -n fl-c link set c-h$n up
    ip -n fl-h$n addr add 10.231.$n.2/30 dev eth0; ip -n fl-h$n link set eth0 up
    ip -n fl-h$n route add 10.231.0.0/16 via 10.231.$n.1
done
# One Unix user per host: it cannot read this directory, so what reaches a host was shipped.
for n in 2 3; do useradd -m -s /bin/bash fl$n; usermod -p '*' fl$n; done
host_up()   { ip -n fl-h$1 link set eth0 up; ip -n fl-h$1 route replace 10.231.0.0/16 via 10.231.$1.1; }
partition() { (sleep "$2"; ip -n fl-h$1 link set eth0 down) & }

if want parallel; then
# --- GNU parallel over ssh ------------------------------------------------------------------------
stage "sshd per host"
ssh-keygen -q -t ed25519 -N '' -f ssh/id; ssh-keygen -q -t ed25519 -N '' -f ssh/hostkey
for n in 2 3; do
    install -d -m 700 -o fl$n -g fl$n /home/fl$n/.ssh
    install -m 600 -o fl$n -g fl$n ssh/id.pub /home/fl$n/.ssh/authorized_keys
    printf '%s\n' "ListenAddress 10.231.$n.2" "HostKey $W/ssh/hostkey" "PidFile $W/run/sshd$n.pid" \
        "PasswordAuthentication no" "KbdInteractiveAuthentication no" "UsePAM no" "AllowUsers fl$n" \
        "MaxStartups 50:30:100" > ssh/sshd$n.conf
done
start_sshd() { ip netns exec fl-h$1 /usr/sbin/sshd -f "$W/ssh/sshd$1.conf"; }
start_sshd 2; start_sshd 3
printf '%s\n' "Host 10.231.*" "  IdentityFile $W/ssh/id" "  IdentitiesOnly yes" "  BatchMode yes" \
    "  UserKnownHostsFile $W/ssh/known" "  StrictHostKeyChecking accept-new" "  ConnectTimeout 3" \
    "  ServerAliveInterval 2" "  ServerAliveCountMax 2" > ssh/config
export PARALLEL_HOME=$W/pp; mkdir -p pp; touch pp/will-cite
gp() { # gp NAME EXTRA...: the driver from the client namespace; report in NAME.txt
    ip netns exec fl-c timeout 200 "$ROOT/scale/parallel/run.sh" --ssh "ssh -F $W/ssh/config" \
        -S 1/fl2@10.231.2.2,1/fl3@10.231.3.2 "$@" --fastlog bin/fastlog -- "${RUN[@]}" data/shard0*.log > "$NAME.txt" 2> "$NAME.err"; }
stage "GNU parallel: healthy"
NAME=gp0 gp; rc=$?; [ $rc = 0 ] && check gp0.txt && ok "parallel healthy (8 shards, 2 hosts)" || bad "parallel healthy rc=$rc"
stage "GNU parallel: host h3 crashes mid-run"
(sleep 3; killtree "$(cat run/sshd3.pid)") & k=$!
NAME=gp1 gp --retries 3; rc=$?; wait $k
[ $rc = 0 ] && check gp1.txt && ok "parallel: host crash, jobs retried on h2" || bad "parallel crash rc=$rc"
start_sshd 3
stage "GNU parallel: h3 partitioned mid-run"
partition 3 3; k=$!
NAME=gp2 gp --retries 3 --timeout 30; rc=$?; wait $k; host_up 3
[ $rc = 0 ] && check gp2.txt && ok "parallel: partition, --timeout + --retries" || bad "parallel partition rc=$rc"

fi

if want slurm; then
# --- Slurm: controller in c, slurmd in h2 and h3 (shared filesystem: this one) ----------------------
stage "Slurm: munge + slurmctld + 2 slurmd"
"$ROOT/scale/slurm/cluster.sh" "$W/slurm" || bad "slurm cluster start"
export SLURM_CONF=$W/slurm/slurm.conf
C="ip netns exec fl-c"
for i in $(seq 60); do [ "$($C sinfo -h -o %T 2>/dev/null | sort -u)" = idle ] && break; sleep 0.5; done
$C sinfo -h -o %T | grep -qx idle && ok "slurm: 2 nodes idle" || bad "slurm: nodes not idle"
sl() { $C timeout 300 "$ROOT/scale/slurm/submit.sh" --work "$W/$1" --wait --fastlog bin/fastlog -- "${RUN[@]}" data/shard0*.log > "$1.ids" 2> "$1.err"; }
stage "Slurm: healthy"
sl sl0; rc=$?; [ $rc = 0 ] && check sl0/report.txt && ok "slurm array + afterok merge" || bad "slurm healthy rc=$rc"
stage "Slurm: node n3 killed mid-run (requeue)"
(sleep 4; n3=$(cat "$W/slurm/run/slurmd-n3.pid")
 for p in $(ps -eo pid=,comm= | awk '$2 ~ /^slurmstepd/ {print $1}'); do
     [ "$(readlink /proc/$p/ns/net)" = "$(readlink /proc/$n3/ns/net)" ] && killtree "$p"; done
 killtree "$n3") & k=$!
sl sl1; rc=$?; wait $k
[ $rc = 0 ] && check sl1/report.txt && ok "slurm: dead node's tasks requeued, merge correct" || bad "slurm node kill rc=$rc"
"$ROOT/scale/slurm/cluster.sh" "$W/slurm" --node 3
stage "Slurm: node n3 partitioned mid-run"
partition 3 4; k=$!
sl sl2; rc=$?; wait $k; host_up 3
[ $rc = 0 ] && check sl2/report.txt && ok "slurm: partitioned node's tasks requeued, merge correct" || bad "slurm partition rc=$rc"

fi

if want dask; then
# --- Dask: scheduler in c, one single-thread worker per host, run as the host's user ----------------
stage "Dask: scheduler + 2 workers"
export DASK_DISTRIBUTED__SCHEDULER__WORKER_TTL=15s
nsenter --net=/run/netns/fl-c /usr/bin/dask-scheduler --host 10.231.2.1 --port 8786 --no-dashboard > dask-s.log 2>&1 & PIDS+=($!)
start_worker() { (cd /home/fl$1 && exec nsenter --net=/run/netns/fl-h$1 runuser -u fl$1 -- /usr/bin/dask-worker \
    tcp://10.231.2.1:8786 --host 10.231.$1.2 --nthreads 1 --name w$1 --local-directory /home/fl$1/dw --no-dashboard) \
    > dask-w$1.log 2>&1 & echo $! > run/dask-w$1.pid; }
sleep 3; start_worker 2; start_worker 3; sleep 3
dk() { nsenter --net=/run/netns/fl-c timeout 200 /usr/bin/python3 "$ROOT/scale/dask/run.py" --scheduler tcp://10.231.2.1:8786 \
    --fastlog bin/fastlog -- "${RUN[@]}" data/shard0*.log > "$1.txt" 2> "$1.err"; }
stage "Dask: healthy"
dk dk0; rc=$?; [ $rc = 0 ] && check dk0.txt && ok "dask map + local merge" || bad "dask healthy rc=$rc"
stage "Dask: detect (windowed rule state across shards)"
(cd data && "$FASTLOG" detect --stable --output jsonl shard0*.log) > expected-detect.txt
RUN=(detect --stable --output jsonl); dk dk3; rc=$?; RUN=(analyze --stable)
[ $rc = 0 ] && [ -s expected-detect.txt ] && cmp -s dk3.txt expected-detect.txt && ok "dask: detect partials merge to the one run's findings" || bad "dask detect rc=$rc"
stage "Dask: worker h3 killed mid-run"
(sleep 4; killtree "$(cat run/dask-w3.pid)") & k=$!
dk dk1; rc=$?; wait $k
[ $rc = 0 ] && check dk1.txt && ok "dask: killed worker's tasks rescheduled" || bad "dask worker kill rc=$rc"
start_worker 3; sleep 4
stage "Dask: worker h3 partitioned mid-run"
partition 3 4; k=$!
dk dk2; rc=$?; wait $k; host_up 3
[ $rc = 0 ] && check dk2.txt && ok "dask: partitioned worker's cancelled tasks resubmitted" || bad "dask partition rc=$rc"

fi

# --- merge itself: an incomplete or duplicated set never gives a report ----------------------------
stage "merge refuses incomplete and duplicate sets"
mkdir -p p; (cd data && for s in shard0*.log; do "$FASTLOG" analyze --partial "../p/${s%.log}.flp" "$s"; done)
out=$("$FASTLOG" merge --expect 8 p/shard00.flp p/shard01.flp p/shard02.flp p/shard03.flp p/shard04.flp p/shard05.flp p/shard06.flp 2>/dev/null); rc=$?
[ $rc = 1 ] && [ -z "$out" ] && ok "merge --expect 8 of 7 partials: exit 1, no report" || bad "merge of 7/8 rc=$rc"
cp p/shard03.flp p/retried.flp
out=$("$FASTLOG" merge p/*.flp 2>/dev/null); rc=$?
[ $rc = 1 ] && [ -z "$out" ] && ok "merge with a retried duplicate: exit 1, no report" || bad "merge with duplicate rc=$rc"

echo "total $((SECONDS - T0))s"
echo "$PASS passed, $FAIL failed"
[ $FAIL = 0 ]
