#!/usr/bin/env python3
"""Strict-grammar oracle for Apache/nginx access logs, written independently of FastLog.

Reads one log (a path, or '-' for stdin) as bytes, keeps only the lines that match the grammar
below, and prints one field per accepted line (or a tab-separated tuple with several --emit
fields). Counting and ranking are left to the shell (sort | uniq -c | ...), so the whole oracle
pipeline stands visibly in the test that calls it.

    python3 tests/oracles/clf_strict.py --format combined --emit status FILE
    python3 tests/oracles/clf_strict.py --format common --emit ip,hour - < FILE
    python3 tests/oracles/clf_strict.py --format combined --summary FILE   # lines/blank/accepted/rejected

Grammar (one line, LF excluded; SP is one space; docs/formats.md):

    host SP ident SP user SP [dd/Mon/yyyy:HH:MM:SS +zzzz] SP "request" SP status SP bytes
        ( SP "referer" SP "ua" )? ( SP extra )* (CR)?

- host, user: one or more bytes, neither space nor '"'; ident: zero or more such bytes;
- the month is an English abbreviation (Jan..Dec), the date exists (leap years included; years
  0001-9999, the range of Python's datetime),
  HH 00-23, MM 00-59, SS 00-60 (60: leap second), offset sign + or -, hours 00-23, minutes 00-59;
- a quoted field ends at the first '"' not preceded by an odd run of backslashes;
- status: three digits, 100-599; bytes: 1-18 digits or '-';
- common, combined and nginx are one grammar: the referer/ua pair is optional, and what follows
  (after the pair, or after the bytes) is extras only: a quoted field, '-', a decimal number
  (digits, optionally '.' and digits) or NAME=value (NAME letters, digits, '_', not starting with
  a digit; value '-', a decimal number or a quoted field); anything else rejects the line;
- nginx only: when the pair is present and extras follow it, the first extra is the request
  time, '-' or 1-9 digits with an optional '.' and at least one more digit;
- an empty line (or a lone CR) is blank: neither accepted nor rejected.

--emit fields: ip (the host as written), user, status, bytes, hour (UTC hour bucket
YYYY-MM-DDTHH, computed with Python's datetime from the local time and its offset), line
(the accepted line, CR kept).
"""

import argparse
import re
import sys
from datetime import datetime, timedelta, timezone

MONTHS = {m: i + 1 for i, m in enumerate(
    [b"Jan", b"Feb", b"Mar", b"Apr", b"May", b"Jun", b"Jul", b"Aug", b"Sep", b"Oct", b"Nov", b"Dec"])}

TOKEN = rb'[^ "]'
QUOTED = rb'"(?:[^"\\]|\\.)*"'   # '\\.' eats an escaped byte, so an escaped '"' never closes
HEAD = (
    rb'(?P<host>' + TOKEN + rb'+) ' + TOKEN + rb'* (?P<user>' + TOKEN + rb'+) '
    rb'\[(?P<day>\d\d)/(?P<mon>[A-Za-z]{3})/(?P<year>\d{4}):(?P<hh>\d\d):(?P<mm>\d\d):(?P<ss>\d\d) '
    rb'(?P<sign>[+-])(?P<oh>\d\d)(?P<om>\d\d)\] '
    rb'(?P<request>' + QUOTED + rb') (?P<status>[1-5]\d\d) (?P<bytes>\d{1,18}|-)'
)
REFERER_UA = rb' (?P<referer>' + QUOTED + rb') (?P<ua>' + QUOTED + rb')'
PAIR = rb' ' + QUOTED + rb' ' + QUOTED  # the same, without groups, for the lookahead
REQUEST_TIME = rb' (?P<rt>-|\d{1,9}(?:\.\d+)?)'
DECIMAL = rb'\d+(?:\.\d+)?'
EXTRA = rb' (?:' + QUOTED + rb'|-|' + DECIMAL + rb'|[A-Za-z_][A-Za-z0-9_]*=(?:-|' + DECIMAL + rb'|' + QUOTED + rb'))'
END = rb'\r?'

PATTERNS = {
    "common": re.compile(HEAD + rb'(?:' + REFERER_UA + rb')?(?:' + EXTRA + rb')*' + END, re.DOTALL),
    "combined": re.compile(HEAD + rb'(?:' + REFERER_UA + rb')?(?:' + EXTRA + rb')*' + END, re.DOTALL),
    # With the pair, a first extra must be the request time; the lookahead stops the pair from
    # being read as two plain extras instead.
    "nginx": re.compile(HEAD + rb'(?:' + REFERER_UA + rb'(?:' + REQUEST_TIME + rb'(?:' + EXTRA + rb')*)?|(?!' + PAIR + rb')(?:' + EXTRA + rb')*)' + END, re.DOTALL),
}


def valid_time(m):
    month = MONTHS.get(m["mon"])
    if month is None:
        return None
    year, day = int(m["year"]), int(m["day"])
    hh, mm, ss = int(m["hh"]), int(m["mm"]), int(m["ss"])
    oh, om = int(m["oh"]), int(m["om"])
    if hh > 23 or mm > 59 or ss > 60 or oh > 23 or om > 59:
        return None
    try:
        local = datetime(year, month, day, hh, mm, tzinfo=timezone.utc)  # raises for an impossible date
    except ValueError:
        return None
    offset = timedelta(hours=oh, minutes=om)
    utc = local + timedelta(seconds=ss) - (offset if m["sign"] == b"+" else -offset)
    return utc


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", choices=sorted(PATTERNS), required=True)
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--emit", help="comma-separated fields to print per accepted line")
    g.add_argument("--summary", action="store_true", help="print lines, blank, accepted, rejected")
    ap.add_argument("input", help="log file, or '-' for stdin")
    args = ap.parse_args()

    pattern = PATTERNS[args.format]
    emit = args.emit.split(",") if args.emit else []
    for f in emit:
        if f not in ("ip", "user", "status", "bytes", "hour", "line"):
            ap.error("unknown --emit field " + f)

    data = sys.stdin.buffer.read() if args.input == "-" else open(args.input, "rb").read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()  # the text after the final LF is not a line
    out = sys.stdout.buffer
    blank = accepted = rejected = 0
    for line in lines:
        if line in (b"", b"\r"):
            blank += 1
            continue
        m = pattern.fullmatch(line)
        utc = valid_time(m) if m else None
        if utc is None:
            rejected += 1
            continue
        accepted += 1
        if not emit:
            continue
        values = []
        for f in emit:
            if f == "ip":
                values.append(m["host"])
            elif f == "hour":
                values.append(utc.strftime("%Y-%m-%dT%H").encode())
            elif f == "line":
                values.append(line)
            else:
                values.append(m[f])
        out.write(b"\t".join(values) + b"\n")
    if args.summary:
        out.write(b"lines %d\nblank %d\naccepted %d\nrejected %d\n" % (len(lines), blank, accepted, rejected))
    return 0


if __name__ == "__main__":
    sys.exit(main())
