#!/usr/bin/python3
"""Map + reduce on Dask distributed: one `fastlog ... --partial` task per input, then a local
`fastlog merge --expect N`.

usage: scale/dask/run.py (--local N | --scheduler ADDR) --fastlog PATH [--attempts K]
                         [--partials DIR] -- COMMAND ARGS... INPUTS...

The binary is sent to every worker (scatter, broadcast; again for each attempt) and each input's bytes go with its
task, so workers need no shared filesystem; the partial comes back as bytes. A task whose future
failed or was cancelled (Debian's Dask 2022.12 cancels the tasks of a worker that missed its
heartbeat) is submitted again, up to K attempts in all (default 3). Exit: merge's exit code; 3
when a shard failed every attempt (no report).
"""
import argparse, os, subprocess, sys, tempfile, warnings

# Each task carries its shard's bytes (no shared filesystem needed): expected, not a mistake.
warnings.filterwarnings("ignore", message="Large object of size")

PRINTING = {"--stable", "--fail-on-findings"}
PRINTING_WITH_VALUE = {"--output", "--top", "-n", "--geoip"}


def split_run_args(args):
    """(map args, inputs, merge args): inputs are the trailing existing files."""
    i = len(args)
    while i > 1 and os.path.isfile(args[i - 1]):
        i -= 1
    head, inputs = args[:i], args[i:]
    map_args, merge_args, j = [], [], 0
    while j < len(head):
        a = head[j]
        if a in PRINTING or a.split("=", 1)[0] in PRINTING | PRINTING_WITH_VALUE and "=" in a:
            map_args.append(a); merge_args.append(a)
        elif a in PRINTING_WITH_VALUE and j + 1 < len(head):
            map_args += head[j:j + 2]; merge_args += head[j:j + 2]; j += 1
        elif a in ("-o", "--out") and j + 1 < len(head):
            merge_args += head[j:j + 2]; j += 1
        else:
            map_args.append(a)
        j += 1
    return map_args, inputs, merge_args


def run_shard(binary, name, data, map_args):
    """On a worker: write the binary and the shard to a temporary directory, run the map, return the partial."""
    with tempfile.TemporaryDirectory() as d:
        exe, shard, out = (os.path.join(d, x) for x in ("fastlog", name, "part.flp"))
        with open(exe, "wb") as f:
            f.write(binary)
        os.chmod(exe, 0o755)
        with open(shard, "wb") as f:
            f.write(data)
        # cwd = d, so the partial records the input by its file name, whatever the worker's paths.
        done = subprocess.run([exe, *map_args, "--partial", out, name], cwd=d, capture_output=True)
        if done.returncode != 0:
            raise RuntimeError(f"{name}: fastlog exited {done.returncode}: {done.stderr.decode(errors='replace').strip()}")
        with open(out, "rb") as f:
            return f.read()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--local", type=int, metavar="N", help="start a local cluster of N single-thread workers")
    where.add_argument("--scheduler", metavar="ADDR", help="connect to a running scheduler, e.g. tcp://10.0.0.1:8786")
    p.add_argument("--fastlog", required=True, help="the fastlog binary (native, self-contained)")
    p.add_argument("--attempts", type=int, default=3, help="submissions per shard before giving up (default 3)")
    p.add_argument("--partials", help="keep the partials in DIR (default: a temporary directory)")
    p.add_argument("run", nargs=argparse.REMAINDER, help="-- COMMAND ARGS... INPUTS...")
    o = p.parse_args()
    run = o.run[1:] if o.run[:1] == ["--"] else o.run
    map_args, inputs, merge_args = split_run_args(run)
    if not inputs:
        p.error("no input files after the command")
    names = [os.path.basename(x) for x in inputs]

    from concurrent.futures import CancelledError
    from dask.distributed import Client, LocalCluster, wait
    cluster = LocalCluster(n_workers=o.local, threads_per_worker=1, processes=True, dashboard_address=None) if o.local else None
    client = Client(cluster or o.scheduler, timeout="30s")
    try:
        program = open(o.fastlog, "rb").read()
        results = {}
        pending = list(range(len(inputs)))
        for attempt in range(1, o.attempts + 1):
            # Scattered again for every attempt, under a key of its own (hash=False): a copy lost with a
            # partitioned worker, or a content-hashed key an earlier client's release is still forgetting,
            # would otherwise cancel every retry at once ("computation on lost data").
            binary = client.scatter(program, broadcast=True, hash=False)
            futures = {i: client.submit(run_shard, binary, names[i], open(inputs[i], "rb").read(), map_args,
                                        key=f"fastlog-{i}-{attempt}", pure=False) for i in pending}
            while True:
                try:
                    wait(list(futures.values()))
                    break
                except CancelledError:
                    # wait() raises once every future is done if any was cancelled; those are retried below.
                    if all(f.done() for f in futures.values()):
                        break
            pending = []
            for i, f in futures.items():
                if f.status == "finished":
                    results[i] = f.result()
                else:
                    # "error" (fastlog failed, or the worker died too often) or "cancelled" (lost with a partitioned worker).
                    reason = repr(f.exception()) if f.status == "error" else f.status
                    print(f"run.py: {inputs[i]}: attempt {attempt} {reason}", file=sys.stderr)
                    pending.append(i)
            if not pending:
                break
        if pending:
            print(f"run.py: {len(pending)} shard(s) failed {o.attempts} attempts: {', '.join(inputs[i] for i in pending)}; no report", file=sys.stderr)
            return 3
    finally:
        client.close()
        if cluster is not None:
            cluster.close()

    directory = o.partials or tempfile.mkdtemp(prefix="fastlog-dask-")
    os.makedirs(directory, exist_ok=True)
    paths = []
    for i, data in sorted(results.items()):
        paths.append(os.path.join(directory, f"part-{i}.flp"))
        with open(paths[-1], "wb") as f:
            f.write(data)
    try:
        return subprocess.run([o.fastlog, "merge", "--expect", str(len(inputs)), *merge_args, *paths]).returncode
    finally:
        if not o.partials:
            for x in paths:
                os.remove(x)
            os.rmdir(directory)


if __name__ == "__main__":
    sys.exit(main())
