#!/usr/bin/env python3
"""Oracle for the Parquet tests: reads a combined access log with a full-line regex (independent
of fastlog's parser) and prints the number of records, then "index ip status bytes unix_ts" for
the records whose indexes are given as arguments (negative = from the end)."""
import datetime, re, sys

RX = re.compile(r'^(\S+) \S+ (\S+) \[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] '
                r'"((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"')
rows = []
with open(sys.argv[1], encoding="utf-8", errors="replace") as f:
    for line in f:
        m = RX.match(line)
        if not m:
            continue
        ts = int(datetime.datetime.strptime(m.group(3), "%d/%b/%Y:%H:%M:%S %z").timestamp())
        rows.append((m.group(1), m.group(5), m.group(6), ts))
print(len(rows))
for arg in sys.argv[2:]:
    i = int(arg) % len(rows)
    print(i, *rows[i])
