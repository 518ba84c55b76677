#!/usr/bin/env python3
"""Strict-grammar oracle for generated /var/log/syslog files, written independently of FastLog.

Every line is either RFC 3164 as rsyslog writes it to disk (no PRI, no year):

    Mmm dd hh:mm:ss SP host SP tag([pid])? ": " message

with an English month, a space-padded day, a valid time, ONE host name for the whole file, a tag
of 1-32 bytes (letters, digits, '_', '-', '.', '/': postfix/smtpd) and a non-empty printable
message; an rsyslog fold is exactly "message repeated N times: [ MSG]" (N >= 2); kernel messages
start with the "[ seconds.micros]" uptime (seconds right-aligned in 5 columns) -- or RFC 5424:

    <PRI>1 SP TIMESTAMP SP HOSTNAME SP APP-NAME SP PROCID SP MSGID SP SD (SP MSG)?

with PRI 0-191, an RFC 3339 timestamp (1-6 fraction digits optional, Z or +-hh:mm), header fields
of printable ASCII within their RFC lengths (or the NILVALUE "-"), SD "-" or [id name="value" ...]
elements whose values escape '"', '\\' and ']' with a backslash, and a MSG that may start with a
UTF-8 BOM. Timestamps (3164 ones read as UTC in --year, default 2024) never decrease.
Prints "ok LINES rfc3164=N rfc5424=N repeats=N" and exits 0, or the first offending lines and 1.

    python3 tests/oracles/syslog_strict.py FILE [--year YYYY]
"""
import re
import sys
from datetime import datetime, timezone

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BSD = re.compile(r"^(?P<mon>" + "|".join(MONTHS) + r") (?P<day> [1-9]|[12]\d|3[01]) (?P<hh>[01]\d|2[0-3]):(?P<mm>[0-5]\d):(?P<ss>[0-5]\d) "
                 r"(?P<host>[A-Za-z0-9][A-Za-z0-9.-]*) (?P<tag>[A-Za-z0-9_./-]{1,32})(?:\[(?P<pid>[1-9]\d*)\])?: (?P<msg>[ -~]+)$")
REPEAT = re.compile(r"^message repeated ([1-9]\d*) times: \[ [ -~]+\]$")
KERNEL = re.compile(r"^\[ {0,4}\d{1,12}\.\d{6}\] [ -~]+$")
PRINT = r"[!-~]"
SD_NAME = r'[!#-<>-\\^-~]{1,32}'
SD_VALUE = r'(?:[^"\\\]]|\\["\\\]])*'
SD_ELEMENT = rf'\[{SD_NAME}(?: {SD_NAME}="{SD_VALUE}")*\]'
RFC5424 = re.compile(
    r"^<(?P<pri>\d{1,3})>1 "
    r"(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d{1,6})?(?:Z|[+-]\d\d:\d\d)) "
    rf"(?P<host>-|{PRINT}{{1,255}}) (?P<app>-|{PRINT}{{1,48}}) (?P<procid>-|{PRINT}{{1,128}}) (?P<msgid>-|{PRINT}{{1,32}}) "
    rf"(?P<sd>-|(?:{SD_ELEMENT})+)(?: (?P<msg>(?:\ufeff)?[^\x00-\x1f\x7f]*))?$"
)


def rfc3339(ts):
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def main(path, year):
    bad = []
    hosts = set()
    n = bsd = modern = repeats = 0
    last = None
    with open(path, "rb") as f:
        for raw in f:
            n += 1
            if not raw.endswith(b"\n"):
                bad.append((n, "no LF"))
                continue
            line = raw[:-1].decode("utf-8")
            if line.startswith("<"):
                m = RFC5424.match(line)
                if not m or int(m["pri"]) > 191:
                    bad.append((n, line))
                    continue
                stamp = rfc3339(m["ts"])
                modern += 1
            else:
                m = BSD.match(line)
                if not m:
                    bad.append((n, line))
                    continue
                hosts.add(m["host"])
                msg = m["msg"]
                if msg.startswith("message repeated "):
                    if not REPEAT.match(msg):
                        bad.append((n, line))
                        continue
                    repeats += 1
                elif m["tag"] == "kernel" and not KERNEL.match(msg):
                    bad.append((n, line))
                    continue
                try:
                    stamp = datetime(year, MONTHS.index(m["mon"]) + 1, int(m["day"]), int(m["hh"]), int(m["mm"]), int(m["ss"]), tzinfo=timezone.utc)
                except ValueError:
                    bad.append((n, "no such date: " + line))
                    continue
                bsd += 1
            if last is not None and stamp < last:
                bad.append((n, "time goes back: " + line))
            last = stamp
    if len(hosts) > 1:
        bad.append((0, "several hosts: " + ",".join(sorted(hosts))))
    if bad:
        for b in bad[:10]:
            print("bad", b)
        print("bad lines:", len(bad))
        return 1
    print(f"ok {n} rfc3164={bsd} rfc5424={modern} repeats={repeats}")
    return 0


if __name__ == "__main__":
    args = sys.argv[1:]
    year = 2024
    if "--year" in args:
        i = args.index("--year")
        year = int(args[i + 1])
        del args[i:i + 2]
    sys.exit(main(args[0], year))
