#!/usr/bin/env python3
"""Oracle for RFC 3164-style syslog files (python3 re + datetime, written apart from fastlog).

usage: syslog_header.py --year YYYY --emit app|parsed FILE

A line is syslog when it is `[<PRI>]Mmm d hh:mm:ss HOST REST` (day space-padded or not) or
`YYYY-MM-DDThh:mm:ss[.frac](Z|+hh:mm) HOST REST`, the date exists in --year (3164) and the
clock is in range. `--emit app` prints the program of each syslog line: the start of REST up
to `[`, `:` or a space, or `-` when that is empty or the line is `last message repeated`.
RFC 5424 lines (`<PRI>1 TIMESTAMP HOST APP PROCID MSGID SD [MSG]`) count too; their program
is APP (`-` for NILVALUE). `--emit parsed` prints `parsed N` and `malformed M` (blank lines are neither).
"""
import datetime
import re
import sys

MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()
R3164 = re.compile(r"^(?:<(?:0|[1-9][0-9]{0,2})>)?(" + "|".join(MONTHS) + r") (?: ([0-9])|([0-9]{1,2})) ([0-9]{2}):([0-9]{2}):([0-9]{2}) ([^ ]+) (.*)$", re.S)
R5424 = re.compile(r'^<(?:0|[1-9][0-9]{0,2})>1 ([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2}) ([^ ]+) ([^ ]+) [^ ]+ [^ ]+ (?:-|(?:\[(?:[^"\]]|"(?:[^"\\]|\\.)*")*\])+)(?: .*)?$', re.S)
R3339 = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.[0-9]{1,9})?(?:Z|[+-][0-9]{2}:[0-9]{2}) ([^ ]+) (.*)$", re.S)

args = sys.argv[1:]
year = int(args[args.index("--year") + 1])
emit = args[args.index("--emit") + 1]
path = args[-1]


def valid(y, mo, d, h, mi, s):
    try:
        datetime.datetime(y, mo, d)
    except ValueError:
        return False
    return h <= 23 and mi <= 59 and s <= 60


parsed = malformed = 0
with open(path, "rb") as f:
    for raw in f:
        line = raw.rstrip(b"\n").rstrip(b"\r").decode("latin-1")
        if not line:
            continue
        m = R5424.match(line)
        m3164 = R3164.match(line)
        if m:
            ok = valid(*(int(g) for g in m.groups()[:6]))
            host, app5424 = m.groups()[6:]
            rest = None
        elif m3164:
            m = m3164
            mon, d1, d2, h, mi, s, host, rest = m.groups()
            ok = valid(year, MONTHS.index(mon) + 1, int(d1 or d2), int(h), int(mi), int(s))
        else:
            m = R3339.match(line)
            ok = bool(m) and valid(*(int(g) for g in m.groups()[:6]))
            if ok:
                host, rest = m.groups()[6:]
        if not ok:
            malformed += 1
            continue
        parsed += 1
        if emit == "app" and rest is None:
            print("-" if app5424 == "-" else app5424)
        elif emit == "app":
            app = re.match(r"[^\[: ]*", rest).group(0)
            if rest.startswith("last message repeated "):
                app = ""
            print(app or "-")
if emit == "parsed":
    print(f"parsed {parsed}")
    print(f"malformed {malformed}")
