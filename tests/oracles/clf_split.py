#!/usr/bin/env python3
"""Oracle for the parser properties: splits each line of a combined access log with one
full-line regex (python3 re + datetime, written apart from fastlog) and prints one JSON object a
line with the fields as `fastlog convert --to jsonl` names them: `-` is null, the request is
split at its first and last space (method, target, protocol) and the target at its first `?`
(path, query), quoted fields keep their backslash escapes as written, ts is UTC.
A line the regex does not match prints `null`.

usage: clf_split.py FILE
"""
import datetime
import json
import re
import sys

RX = re.compile(r'^(\S+) \S+ (\S+) \[(\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] '
                r'"((?:[^"\\]|\\.)*)" (\d{3}) (\d+|-) "((?:[^"\\]|\\.)*)" "((?:[^"\\]|\\.)*)"$')


def dash(value):
    return None if value == "-" else value


with open(sys.argv[1], "rb") as f:
    for raw in f:
        line = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8")
        m = RX.match(line)
        if not m:
            print("null")
            continue
        ip, user, when, request, status, size, referer, ua = m.groups()
        method, rest = request.split(" ", 1)
        target, protocol = rest.rsplit(" ", 1)
        path, query = (target.split("?", 1) + [None])[:2]
        ts = datetime.datetime.strptime(when, "%d/%b/%Y:%H:%M:%S %z").astimezone(datetime.timezone.utc)
        print(json.dumps({
            "ip": ip, "user": dash(user), "ts": ts.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "method": method, "path": path, "query": query, "protocol": protocol,
            "status": int(status), "bytes": None if size == "-" else int(size),
            "referer": dash(referer), "ua": dash(ua),
        }, ensure_ascii=False))
