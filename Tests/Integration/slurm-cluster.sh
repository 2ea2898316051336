#!/usr/bin/env bash
# A private single-node Slurm cluster on localhost for integration tests.
#
#   Tests/Integration/slurm-cluster.sh start DIR   # idempotent; prints `export SLURM_CONF=DIR/slurm.conf`
#   Tests/Integration/slurm-cluster.sh stop DIR    # cancels jobs, stops slurmctld, slurmd and munged
#   Tests/Integration/slurm-cluster.sh status DIR  # exit 0 when the node is up
#
# Every piece of state (config, munge key and socket, state, spool, logs, pid files) lives in DIR.
# Needs root and Debian's slurm-wlm + munge (apt-get install -y slurm-wlm munge). No systemd, no
# cgroups, loopback only. Ports: SLURM_TEST_PORT (default 6817) for slurmctld, +1 for slurmd.
# Source it (`eval "$(slurm-cluster.sh start DIR)"`) to get SLURM_CONF into the caller's shell.
set -euo pipefail

command=${1:-}
dir=${2:-}
if [[ -z "$command" || -z "$dir" ]]; then
    echo "usage: $0 start|stop|status DIR" >&2
    exit 64
fi
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
conf="$dir/slurm.conf"
export SLURM_CONF="$conf"

# True when the process in pid file $1 is alive (a zombie counts as dead).
alive() {
    local pid
    [[ -f "$1" ]] || return 1
    pid=$(cat "$1" 2>/dev/null) || return 1
    [[ -n "$pid" && -r /proc/$pid/stat ]] || return 1
    [[ "$(awk '{print $3}' /proc/$pid/stat)" != "Z" ]]
}

# Waits up to $2 tenths of a second for the process of pid file $1 to exit.
wait_exit() {
    local tries=$2
    while alive "$1" && (( tries-- > 0 )); do sleep 0.1; done
    ! alive "$1"
}

# Runs a daemon without the caller's descriptors: a caller that learns of this script's exit
# when a pipe or socket closes (Foundation's Process does) would otherwise wait for the daemons.
detached() {
    (
        for fd in $(ls /proc/$BASHPID/fd); do
            if (( fd > 2 )); then eval "exec $fd>&-" 2>/dev/null || true; fi
        done
        exec "$@" </dev/null >>"$dir/log/daemons.out" 2>&1
    )
}

node_idle() {
    sinfo -h -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'
}

write_config() {
    local host port hardware memory
    host=$(hostname -s)
    port=${SLURM_TEST_PORT:-6817}
    hardware=$(slurmd -C | head -1 | grep -o 'Boards=[^ ]* SocketsPerBoard=[^ ]* CoresPerSocket=[^ ]* ThreadsPerCore=[^ ]*')
    memory=$(awk '/MemTotal/ {printf "%d", $2 / 1024 * 0.9}' /proc/meminfo)
    mkdir -p "$dir/munge" "$dir/state" "$dir/spool" "$dir/log" "$dir/run"
    cat > "$conf" <<CONF
# Written by slurm-cluster.sh: a single-node cluster whose state lives in $dir
ClusterName=operando-test
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=$port
SlurmdPort=$((port + 1))
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$dir/munge/munge.socket
StateSaveLocation=$dir/state
SlurmdSpoolDir=$dir/spool
SlurmctldPidFile=$dir/run/slurmctld.pid
SlurmdPidFile=$dir/run/slurmd.pid
SlurmctldLogFile=$dir/log/slurmctld.log
SlurmdLogFile=$dir/log/slurmd.log
JobCompType=jobcomp/filetxt
JobCompLoc=$dir/log/jobcomp.txt
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerParameters=batch_sched_delay=0,sched_min_interval=0
ReturnToService=2
MailProg=/bin/true
KillWait=2
MpiDefault=none
SwitchType=switch/none
MinJobAge=300
NodeName=$host NodeAddr=127.0.0.1 $hardware RealMemory=$memory State=UNKNOWN
PartitionName=debug Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
}

start() {
    for tool in munged slurmctld slurmd sinfo; do
        command -v "$tool" >/dev/null || { echo "$0: $tool not found; apt-get install -y slurm-wlm munge" >&2; exit 69; }
    done
    [[ -f "$conf" ]] || write_config
    # munged refuses a socket folder that others cannot traverse.
    chmod 755 "$dir" "$dir/munge"
    if ! alive "$dir/munge/munged.pid"; then
        [[ -f "$dir/munge/munge.key" ]] || { dd if=/dev/urandom of="$dir/munge/munge.key" bs=1024 count=1 status=none; chmod 400 "$dir/munge/munge.key"; }
        detached munged --force --key-file="$dir/munge/munge.key" --socket="$dir/munge/munge.socket" \
            --pid-file="$dir/munge/munged.pid" --log-file="$dir/log/munged.log" --seed-file="$dir/munge/munge.seed"
    fi
    alive "$dir/run/slurmctld.pid" || detached slurmctld
    alive "$dir/run/slurmd.pid" || detached slurmd
    local tries=100
    until node_idle; do
        (( tries-- > 0 )) || { echo "$0: the node did not come up; see $dir/log" >&2; exit 70; }
        sleep 0.1
    done
    echo "export SLURM_CONF=$conf"
}

# Stops the daemon of pid file $1: SIGTERM, then SIGKILL after 2 s (a daemon started by a
# process that blocks SIGTERM in its threads, as a Swift test runner does, inherits the mask).
terminate() {
    alive "$1" || return 0
    kill "$(cat "$1")" 2>/dev/null || true
    wait_exit "$1" 20 || kill -9 "$(cat "$1")" 2>/dev/null || true
    wait_exit "$1" 20 || true
}

stop() {
    [[ -f "$conf" ]] || return 0
    if alive "$dir/run/slurmctld.pid"; then
        scancel --quiet --full --user="$(id -un)" 2>/dev/null || true
        scontrol shutdown >/dev/null 2>&1 || true
        wait_exit "$dir/run/slurmctld.pid" 20 || true
    fi
    terminate "$dir/run/slurmctld.pid"
    terminate "$dir/run/slurmd.pid"
    terminate "$dir/munge/munged.pid"
}

case "$command" in
    start) start ;;
    stop) stop ;;
    status) node_idle ;;
    *) echo "usage: $0 start|stop|status DIR" >&2; exit 64 ;;
esac
