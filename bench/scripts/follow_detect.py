#!/usr/bin/env python3
"""`fastlog detect --follow`: write-to-finding latency and CPU per 1,000 lines/s (docs/follow.md).

usage: follow-detect.py FASTLOG RATE SECONDS STREAM [--attacks N] [--backlog N] [extra fastlog args...]

STREAM is nginx (combined access-log lines in access.log), auth (sshd lines in auth.log) or
both (RATE lines/s in each). A writer appends RATE lines/s of ordinary traffic, timestamped
with the current time, one write(2) a millisecond: nginx lines from a pool of 20,000 clients;
auth lines are accepted logins, session noise and 1 % failed passwords, each source under
every threshold. With --attacks N (default 50), N times a second a new public address brute-forces
sshd: 31 failed passwords in one write to auth.log, the 31st crosses L2b (> 30 failures in a
10-minute bucket). The reader takes the time each L2b finding of an attacker arrives on
fastlog's stdout; latency = arrival - the write of the crossing line. CPU: utime + stime of
fastlog from /proc/PID/stat over the run after a 2 s warm-up, as CPU seconds per minute.
"""
import json
import os
import subprocess
import sys
import tempfile
import time


def main(argv, start_reader):
    fastlog, rate, seconds, stream = argv[0], int(argv[1]), float(argv[2]), argv[3]
    rest = argv[4:]
    attacks = 50
    if "--attacks" in rest:
        at = rest.index("--attacks")
        attacks = int(rest[at + 1])
        del rest[at:at + 2]
    backlog = 0
    if "--backlog" in rest:
        at = rest.index("--backlog")
        backlog = int(rest[at + 1])
        del rest[at:at + 2]
    directory = tempfile.mkdtemp(prefix="fastlog-follow-detect-")
    access = os.path.join(directory, "access.log")
    auth = os.path.join(directory, "auth.log")
    for path in (access, auth):
        open(path, "w").close()
    MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


    def access_lines(n, start, now):
        g = time.gmtime(now)
        stamp = f"{g.tm_mday:02d}/{MONTHS[g.tm_mon - 1]}/{g.tm_year}:{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} +0000"
        return "".join(
            f'10.{(i % 20000) // 250}.{i % 250}.7 - - [{stamp}] "GET /page/{i % 50} HTTP/1.1" 200 {300 + i % 900} "-" "Mozilla/5.0 bench"\n'
            for i in range(start, start + n)).encode()


    if backlog:
        # --backlog N: N nginx lines of the previous clock hour, read before following starts, so
        # the previous generation holds an hour of (client, minute) buckets, as on a log followed for long.
        hour = int(time.time()) // 3600 * 3600 - 3600
        with open(access, "ab") as f:
            for start in range(0, backlog, 10000):
                f.write(access_lines(min(10000, backlog - start), start, hour + start * 3600 // backlog))
    proc = subprocess.Popen([fastlog, "detect", "--follow", *rest, access, auth], stdout=subprocess.PIPE, bufsize=0)
    time.sleep(1.0 + backlog / 100000)  # started, the backlog read, and watching
    written_at = {}  # attacker address -> time.time_ns() of the write holding its crossing line
    arrivals = {}


    def arrived(line, now):
        finding = json.loads(line)
        address = finding.get("source", {}).get("address", "")
        if finding["rule"]["id"] == "L2b" and address.startswith("45.") and address not in arrivals:
            arrivals[address] = now


    reader = start_reader(proc, arrived)



    def syslog_stamp(now):
        t = time.localtime(now)
        return f"{MONTHS[t.tm_mon - 1]} {t.tm_mday:2d} {t.tm_hour:02d}:{t.tm_min:02d}:{t.tm_sec:02d}"


    def auth_lines(n, start, now):
        stamp = syslog_stamp(now)
        out = []
        for i in range(start, start + n):
            ip = f"192.0.2.{i % 250}"
            kind = i % 10
            if i % 100 == 0:
                # 1 % failures, from 4,000 addresses in turn: at 10,000 lines/s, 15 per address per 10 minutes, under every threshold.
                f = i // 100
                msg = f"Failed password for alice from 172.{16 + f % 16}.{(f // 16) % 250}.9 port {40000 + i % 20000} ssh2"
            elif kind < 4:
                msg = f"Accepted publickey for deploy from {ip} port {40000 + i % 20000} ssh2: RSA SHA256:abc"
            elif kind < 7:
                msg = "pam_unix(sshd:session): session opened for user deploy(uid=1000) by (uid=0)"
            else:
                msg = f"Connection closed by {ip} port {40000 + i % 20000} [preauth]"
            out.append(f"{stamp} bench sshd[{1000 + i % 5000}]: {msg}\n")
        return "".join(out).encode()


    fds = {path: os.open(path, os.O_WRONLY | os.O_APPEND) for path in (access, auth)}
    batch = max(1, rate // 1000)  # one write(2) of `batch` lines per stream every 1/1000 s
    begin = time.perf_counter()
    cpu_start = None
    written = 0
    attackers = 0
    while written < rate * seconds:
        due = begin + written / rate
        pause = due - time.perf_counter()
        if pause > 0:
            time.sleep(pause)
        if cpu_start is None and time.perf_counter() - begin >= 2.0:
            cpu_start = (time.perf_counter(), open(f"/proc/{proc.pid}/stat").read())
        now = time.time()
        if stream in ("nginx", "both"):
            os.write(fds[access], access_lines(batch, written, now))
        if stream in ("auth", "both"):
            os.write(fds[auth], auth_lines(batch, written, now))
        written += batch
        while attacks and attackers < (time.perf_counter() - begin) * attacks:
            address = f"45.{100 + attackers // 62500}.{(attackers // 250) % 250}.{attackers % 250 + 1}"
            stamp = syslog_stamp(time.time())
            text = "".join(f"{stamp} bench sshd[{7000 + k}]: Failed password for invalid user admin{k} from {address} port {50000 + k} ssh2\n" for k in range(31))
            written_at[address] = time.time_ns()
            os.write(fds[auth], text.encode())
            attackers += 1
    cpu_end = (time.perf_counter(), open(f"/proc/{proc.pid}/stat").read())
    elapsed = time.perf_counter() - begin
    time.sleep(2.0)
    proc.terminate()
    proc.wait()
    reader.join(timeout=5)


    def cpu(stat):
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


    cpu_per_minute = (cpu(cpu_end[1]) - cpu(cpu_start[1])) / (cpu_end[0] - cpu_start[0]) * 60 if cpu_start else float("nan")
    latencies = sorted(arrivals[a] - written_at[a] for a in arrivals if a in written_at)


    def pct(p):
        return latencies[min(len(latencies) - 1, int(p * len(latencies)))] / 1e6 if latencies else float("nan")


    streams = 2 if stream == "both" else 1
    print(json.dumps({
        "stream": stream,
        "rate_per_stream": rate,
        "achieved_lines_per_s": round(written * streams / elapsed),
        "attackers": attackers,
        "attackers_reported": len(arrivals),
        "latency_ms": {"median": round(pct(0.5), 2), "p99": round(pct(0.99), 2), "max": round(latencies[-1] / 1e6, 2) if latencies else None},
        "cpu_seconds_per_minute": round(cpu_per_minute, 2),
        "cpu_seconds_per_minute_per_1000_lines_s": round(cpu_per_minute / (rate * streams / 1000), 3),
    }))
