#!/usr/bin/env python3
"""Every field of every line the strict-grammar oracle accepts, as tab-separated columns.

Written independently of FastLog, on top of clf_strict.py's grammar (same patterns, same
acceptance), for `--where` / `filter` / `stats` oracles: the shell (awk) or a short Python
filter decides which rows match, so each test's whole oracle command stands in its source.

    python3 tests/oracles/clf_fields.py --format nginx FILE > fields.tsv
    LC_ALL=C awk -F'\\t' '$8 == 404' fields.tsv | wc -l

Columns (1-based, as awk numbers them):

     1 ip            the host as written
     2 user          '-' when absent
     3 ts            Unix seconds, UTC (from the local time and its offset)
     4 method        '-' when the request is not "METHOD target [PROTOCOL]"
     5 path          the target up to the first '?'; '-' as for method
     6 query         after the first '?'; '-' when there is no '?' (or no target)
     7 protocol      '-' when absent
     8 status
     9 bytes         '-' when absent
    10 referer       the quoted value as written (escapes kept); '-' when absent ("-")
    11 ua            as referer
    12 request_time  seconds as written (nginx); '-' when absent or not nginx
                  (referer, ua and request_time may be absent on any line: one grammar)
    13 line          the accepted line itself, exactly (CR kept; may contain tabs)

Columns 1-12 never contain a tab or LF (they are written as \\t and \\n, which do not occur in
the logs these tests read); column 13 is the rest of the row, so

    awk -F'\\t' '{ l = $0; for (i = 1; i <= 12; i++) l = substr(l, index(l, "\\t") + 1); print l }'

prints the original line byte for byte.

The request is split as the grammar says (docs/formats.md): a method, a space, the
target, and, after the last space, the protocol; "METHOD target" (HTTP/0.9) has no protocol;
anything else ("-", "", garbage) leaves method, path, query and protocol absent.
"""

import argparse
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import clf_strict  # noqa: E402  (the grammar: PATTERNS and valid_time)

ABSENT = b"-"


def split_request(request):
    """(method, path, query, protocol) of the request's content, or four ABSENTs."""
    absent = (ABSENT, ABSENT, ABSENT, ABSENT)
    first = request.find(b" ")
    if first <= 0:
        return absent
    last = request.rfind(b" ")
    if last > first:
        if last + 1 == len(request):
            return absent
        target, protocol = request[first + 1:last], request[last + 1:]
    else:
        target, protocol = request[first + 1:], ABSENT
    if not target:
        return absent
    method = request[:first]
    q = target.find(b"?")
    if q < 0:
        return method, target, ABSENT, protocol
    return method, target[:q], target[q + 1:], protocol


def quoted(value):
    """A quoted field's content; '-' stays '-' (absent)."""
    return value[1:-1] if value is not None else ABSENT


def clean(value):
    return value.replace(b"\t", b"\\t").replace(b"\n", b"\\n")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--format", choices=sorted(clf_strict.PATTERNS), required=True)
    ap.add_argument("input", help="log file, or '-' for stdin")
    args = ap.parse_args()

    pattern = clf_strict.PATTERNS[args.format]
    data = sys.stdin.buffer.read() if args.input == "-" else open(args.input, "rb").read()
    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()
    out = sys.stdout.buffer
    for line in lines:
        if line in (b"", b"\r"):
            continue
        m = pattern.fullmatch(line)
        utc = clf_strict.valid_time(m) if m else None
        if utc is None:
            continue
        method, path, query, protocol = split_request(m["request"][1:-1])
        # One grammar: the pair (and for nginx the request time) is optional on every line.
        referer = quoted(m["referer"])
        ua = quoted(m["ua"])
        rt = m["rt"] if args.format == "nginx" and m["rt"] is not None else ABSENT
        columns = [m["host"], m["user"], str(int(utc.timestamp())).encode(), method, path, query, protocol,
                   m["status"], m["bytes"], referer, ua, rt]
        out.write(b"\t".join(clean(c) for c in columns) + b"\t" + line + b"\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
