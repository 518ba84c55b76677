#!/usr/bin/env python3
"""Write-to-output latency of `fastlog filter --follow` (median and p99).

A writer appends combined-log lines at RATE lines/s, each carrying its write time (ns since the
epoch) in the request path; fastlog follows the file with --line-buffered and every line
matches; the reader takes the time each line arrives on fastlog's stdout. Latency = arrival -
write time, over the lines of the run after a 1 s warm-up.

usage: follow-latency.py FASTLOG RATE SECONDS [extra fastlog args...]
       follow-latency.py --detect FASTLOG RATE SECONDS STREAM [--attacks N] [extra fastlog args...]

--detect: write-to-finding latency and CPU of `fastlog detect --follow` (follow_detect.py).
"""
import os, subprocess, sys, tempfile, threading, time


def start_reader(proc, arrived):
    """Reads fastlog's stdout on a thread; arrived(line, time_ns) for each whole line, stamped when its read returned."""
    def read():
        buffer = b""
        while True:
            chunk = proc.stdout.read(65536)
            if not chunk:
                return
            now = time.time_ns()
            buffer += chunk
            *lines, buffer = buffer.split(b"\n")
            for line in lines:
                arrived(line, now)
    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    return reader


if __name__ == "__main__" and sys.argv[1] == "--detect":
    import follow_detect
    follow_detect.main(sys.argv[2:], start_reader)
    sys.exit(0)

fastlog, rate, seconds = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
extra = sys.argv[4:]
directory = tempfile.mkdtemp(prefix="fastlog-follow-latency-")
path = os.path.join(directory, "access.log")
open(path, "w").close()
proc = subprocess.Popen([fastlog, "filter", "--follow", "--line-buffered", *extra, path], stdout=subprocess.PIPE, bufsize=0)
time.sleep(1.0)  # started and watching

latencies = []
def arrived(line, now):
    start = line.find(b"/t/")
    if start >= 0:
        latencies.append(now - int(line[start + 3:line.index(b" ", start)]))
reader = start_reader(proc, arrived)

fd = os.open(path, os.O_WRONLY | os.O_APPEND)
batch = max(1, rate // 1000)  # one write(2) of `batch` lines every 1/1000 s
begin = time.perf_counter()
written = 0
while written < rate * seconds:
    due = begin + written / rate
    pause = due - time.perf_counter()
    if pause > 0:
        time.sleep(pause)
    stamp = time.time_ns()
    os.write(fd, b"".join(b'10.0.0.1 - - [07/Dec/2026:10:00:00 +0000] "GET /t/%d HTTP/1.1" 200 5 "-" "bench"\n' % stamp for _ in range(batch)))
    written += batch
os.close(fd)
time.sleep(1.0)
proc.terminate()
proc.wait()
reader.join(timeout=5)
achieved = written / (time.perf_counter() - begin - 1.0)
skip = int(rate)  # the first second
sample = sorted(latencies[skip:])
def pct(p):
    return sample[min(len(sample) - 1, int(p * len(sample)))] / 1e6
print(f"rate {rate}/s (achieved {achieved:,.0f}/s), lines written {written}, seen {len(latencies)}, "
      f"latency median {pct(0.5):.2f} ms, p99 {pct(0.99):.2f} ms, max {sample[-1] / 1e6:.2f} ms")
