#!/usr/bin/env python3
"""Memory of `fastlog detect --follow` on a long log whose time moves on (docs/follow.md).

usage: follow-rss.py FASTLOG LINES [--per-second N] [--chunk N] [--keep DIR]
       follow-rss.py --generate LINES [--per-second N] > access.log

A writer appends combined-log lines to DIR/access.log at full speed, N lines per second of
*log* time (default 500, so 50M lines are ~28 hours of log), from a pool of 5,000 clients
(each client's requests fall in a new minute bucket every minute, so without expiry the
detection state grows with the log). In the first minute of every log hour one attacker
(198.51.100.H) sends 400 requests: one W11 finding (> 300 requests in a 1-minute bucket) per
hour, the oracle for "nothing was lost while windows were expired". The log is rotated every
--chunk lines (mv access.log access.log.1, a ring of three); a rotated file is deleted only
once fastlog has let go of it (no descriptor of fastlog's points to it), so the disk holds about
four chunks, whatever the total.

Prints one JSON object: lines, log hours, seconds, fastlog's RSS (MiB) sampled every 0.5 s at
each tenth of the lines and its peak (VmHWM), CPU seconds (utime + stime), the W11 attackers
reported and expected.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

START = 1_767_225_600  # 2026-01-01T00:00:00Z, an hour boundary
CLIENTS = 5000
ATTACK_REQUESTS = 400
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
PATHS = ["/", "/index.html", "/api/items", "/api/items/42", "/static/app.js", "/static/site.css", "/login", "/search?q=shoes"]
AGENTS = ["Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0", "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/126.0", "curl/8.5.0"]


def stamp(t):
    g = time.gmtime(t)
    return f"{g.tm_mday:02d}/{MONTHS[g.tm_mon - 1]}/{g.tm_year}:{g.tm_hour:02d}:{g.tm_min:02d}:{g.tm_sec:02d} +0000"


def templates(per_second, variants=64):
    """Per log second, the text around its timestamp: stamp.join(pieces) is that second's lines."""
    out = []
    for v in range(variants):
        pieces, tail = [], ""
        for i in range(per_second):
            n = v * per_second + i
            client = (n * 7919) % CLIENTS
            ip = f"10.{client // 250}.{client % 250}.{(n % 3) + 1}"
            status, path = (404, f"/missing/{n % 97}") if n % 20 == 0 else (200, PATHS[n % len(PATHS)])
            pieces.append(f"{tail}{ip} - - [")
            tail = f'] "GET {path} HTTP/1.1" {status} {500 + n % 1500} "-" "{AGENTS[n % len(AGENTS)]}"\n'
        pieces.append(tail)
        out.append(pieces)
    return out


def attack_lines(t, hour):
    """The attacker's requests in log second t (the first 60 s of each hour): 400 in the minute."""
    second = t % 3600
    if second >= 60:
        return ""
    count = ATTACK_REQUESTS // 60 + (1 if second < ATTACK_REQUESTS % 60 else 0)
    line = f'198.51.100.{hour % 250 + 1} - - [{stamp(t)}] "GET /api/items HTTP/1.1" 200 512 "-" "python-requests/2.31"\n'
    return line * count


def generate(lines, per_second):
    """Yields (text, lines in it) per log second, and the number of attack hours seen."""
    forms = templates(per_second)
    written, t = 0, START
    while written < lines:
        hour = (t - START) // 3600
        body = forms[(t // 7) % len(forms)]
        take = min(per_second, lines - written)
        text = stamp(t).join(body[: take + 1])
        text = text[: text.rindex("\n") + 1]  # a last, short second: its first `take` lines
        attack = attack_lines(t, hour)
        yield text + attack, take + attack.count("\n")
        written += take
        t += 1


def expected_attackers(lines, per_second):
    seconds = (lines + per_second - 1) // per_second
    # Every hour whose first minute is whole in the log has 400 requests in one 1-minute bucket.
    return {f"198.51.100.{h % 250 + 1}" for h in range(seconds // 3600 + 1) if h * 3600 + 60 <= seconds}


def held_by(pid, path):
    try:
        target = os.stat(path)
    except FileNotFoundError:
        return False
    fd_dir = f"/proc/{pid}/fd"
    for fd in os.listdir(fd_dir):
        try:
            s = os.stat(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if (s.st_dev, s.st_ino) == (target.st_dev, target.st_ino):
            return True
    return False


def status_kib(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    return 0


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main():
    args = sys.argv[1:]
    option = lambda name, default: int(args[args.index(name) + 1]) if name in args else default
    per_second = option("--per-second", 500)
    if args[0] == "--generate":
        out = sys.stdout
        for text, _ in generate(int(args[1]), per_second):
            out.write(text)
        return
    fastlog, lines = args[0], int(args[1])
    chunk = option("--chunk", 2_000_000)
    work = args[args.index("--keep") + 1] if "--keep" in args else tempfile.mkdtemp(prefix="fastlog-follow-rss-")
    log = os.path.join(work, "access.log")
    open(log, "w").close()
    findings = os.path.join(work, "findings.jsonl")
    with open(findings, "w") as out, open(os.path.join(work, "stderr.txt"), "w") as err:
        proc = subprocess.Popen([fastlog, "detect", "--follow", log], stdout=out, stderr=err)
    time.sleep(0.5)
    started = time.monotonic()
    samples, peak_sampled, last_sample = [], 0, 0.0
    written, in_chunk, buffer, buffered = 0, 0, [], 0
    writer = open(log, "a")
    for text, count in generate(lines, per_second):
        buffer.append(text)
        buffered += count
        if buffered < 20_000:
            continue
        writer.write("".join(buffer))
        writer.flush()
        written += buffered
        in_chunk += buffered
        buffer, buffered = [], 0
        now = time.monotonic()
        if now - last_sample >= 0.5:
            last_sample = now
            rss = status_kib(proc.pid, "VmRSS")
            peak_sampled = max(peak_sampled, rss)
            if len(samples) < written * 10 // lines:
                samples.append({"lines": written, "rss_mib": round(rss / 1024, 1)})
        if in_chunk >= chunk:
            writer.close()
            # A ring of three rotated files; the oldest goes only once fastlog let go of it.
            oldest = f"{log}.3"
            while held_by(proc.pid, oldest):
                time.sleep(0.2)
            for k in (2, 1):
                if os.path.exists(f"{log}.{k}"):
                    os.replace(f"{log}.{k}", f"{log}.{k + 1}")
            os.replace(log, f"{log}.1")
            writer = open(log, "a")
            in_chunk = 0
    if buffer:
        writer.write("".join(buffer))
        written += buffered
    writer.close()
    # Drained: the findings of the last hours are out once fastlog has read everything.
    idle_since = time.monotonic()
    last_cpu = cpu_seconds(proc.pid)
    while time.monotonic() - idle_since < 3:
        time.sleep(0.5)
        cpu = cpu_seconds(proc.pid)
        if cpu - last_cpu > 0.05:
            idle_since = time.monotonic()
        last_cpu = cpu
    elapsed = time.monotonic() - started - 3
    peak = status_kib(proc.pid, "VmHWM")
    rss_end = status_kib(proc.pid, "VmRSS")
    cpu = cpu_seconds(proc.pid)
    proc.terminate()
    code = proc.wait(30)
    reported = set()
    with open(findings) as f:
        for line in f:
            finding = json.loads(line)
            if finding["rule"]["id"] == "W11" and finding["source"]["address"].startswith("198.51.100."):
                reported.add(finding["source"]["address"])
    expected = expected_attackers(written, per_second)
    if "--keep" not in args:
        shutil.rmtree(work)
    print(json.dumps({
        "lines": written,
        "log_hours": round(written / per_second / 3600, 1),
        "seconds": round(elapsed, 1),
        "rss_mib": samples,
        "rss_end_mib": round(rss_end / 1024, 1),
        "peak_rss_mib": round(peak / 1024, 1),
        "cpu_seconds": round(cpu, 1),
        "w11_attackers_reported": len(reported & expected),
        "w11_attackers_expected": len(expected),
        "w11_attackers_unexpected": len(reported - expected),
        "exit": code,
    }))


if __name__ == "__main__":
    main()
