#!/bin/bash
# Starts a small Slurm for tests (Debian slurm-wlm + munge; root): munged, slurmctld and slurmd.
#
# usage: scale/slurm/cluster.sh DIR [--single | --node N]
#   (default)  two nodes in network namespaces: slurmctld in fl-c (10.231.2.1), slurmd n2 in fl-h2
#              (10.231.2.2) and n3 in fl-h3 (10.231.3.2); the namespaces must exist (scale/ci.sh makes them)
#   --single   one node on this host (127.0.0.1), no namespaces
#   --node N   (re)start the slurmd of node nN only
# Writes DIR/slurm.conf (export SLURM_CONF=DIR/slurm.conf for sbatch, squeue, sinfo), state, logs
# and pid files under DIR (DIR/run/*.pid). Timeouts are short, for tests: a silent node is DOWN
# after 10 s and its tasks are requeued 10 s later (production defaults: 300 s and 120 s).
set -eu
dir=$(realpath -m "$1"); mode=${2:-two}
export SLURM_CONF=$dir/slurm.conf
start_slurmd() { nsenter --net=/run/netns/fl-h$1 unshare --uts sh -c "hostname n$1; exec /usr/sbin/slurmd -f $SLURM_CONF"; }
if [ "$mode" = --node ]; then start_slurmd "$3"; exit 0; fi
mkdir -p "$dir/state" "$dir/log" "$dir/run"
install -d -o munge -g munge -m 755 /run/munge
[ -S /run/munge/munge.socket.2 ] || runuser -u munge -- /usr/sbin/munged --pid-file=/run/munge/munged.pid
cp /run/munge/munged.pid "$dir/run/munged.pid" 2>/dev/null || true
{
    echo "ClusterName=fastlog"
    if [ "$mode" = --single ]; then echo "SlurmctldHost=$(hostname)(127.0.0.1)"; else echo "SlurmctldHost=ctl(10.231.2.1)"; fi
    cat <<EOC
SlurmUser=root
AuthType=auth/munge
AuthInfo=cred_expire=10
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool-%n
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd-%n.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd-%n.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
MpiDefault=none
ReturnToService=2
SlurmdTimeout=10
EOC
    if [ "$mode" = --single ]; then
        echo "NodeName=$(hostname) NodeAddr=127.0.0.1 CPUs=$(nproc) RealMemory=1000 State=UNKNOWN"
    else
        echo "SlurmdParameters=config_overrides"
        echo "NodeName=n2 NodeHostname=n2 NodeAddr=10.231.2.2 CPUs=1 RealMemory=1000"
        echo "NodeName=n3 NodeHostname=n3 NodeAddr=10.231.3.2 CPUs=1 RealMemory=1000"
    fi
    echo "PartitionName=main Nodes=ALL Default=YES MaxTime=INFINITE State=UP"
} > "$SLURM_CONF"
if [ "$mode" = --single ]; then
    /usr/sbin/slurmctld -f "$SLURM_CONF"; /usr/sbin/slurmd -f "$SLURM_CONF"
else
    # nsenter, not 'ip netns exec': the latter remounts /sys, and slurmd then finds no cgroup filesystem.
    ip netns exec fl-c unshare --uts sh -c "hostname ctl; exec /usr/sbin/slurmctld -f $SLURM_CONF"
    start_slurmd 2; start_slurmd 3
fi
