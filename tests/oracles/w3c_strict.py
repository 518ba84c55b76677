#!/usr/bin/env python3
"""Strict-grammar oracle for generated IIS W3C extended logs, written independently of FastLog.

Every line is a directive or a data line (docs/formats.md):

    #Software: TEXT | #Version: 1.0 | #Date: yyyy-mm-dd hh:mm:ss | #Fields: NAME( NAME)*
    data: exactly as many space-separated values as the last #Fields: names, each matching
          the grammar of its field below; '-' stands for a missing value.

The first #Fields: must be the IIS default list; a later one may differ (a restart). A data line
before any #Fields: is an error. Dates must exist, times must be valid, and date+time must never
decrease from one data line to the next. Prints "ok LINES DIRECTIVES DATA" and exits 0, or prints
the first offending lines and exits 1.

    python3 tests/oracles/w3c_strict.py FILE
"""
import re
import sys
from datetime import datetime

IIS_DEFAULT = ("date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip "
               "cs(User-Agent) cs(Referer) sc-status sc-substatus sc-win32-status time-taken").split()
IPV4 = r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV6 = r"[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}"
TOKEN = r"[!-~]+"  # printable ASCII, no space
VALUE = {
    "date": r"\d{4}-\d\d-\d\d",
    "time": r"\d\d:\d\d:\d\d",
    "s-ip": IPV4,
    "c-ip": rf"(?:{IPV4}|{IPV6})",
    "cs-method": r"[A-Z]+",
    "cs-uri-stem": r"/[!-~]*",
    "cs-uri-query": TOKEN,
    "s-port": r"(?:80|443)",
    "cs-username": TOKEN,
    "cs(User-Agent)": TOKEN,
    "cs(Referer)": TOKEN,
    "cs-host": r"[a-z0-9.-]+",
    "sc-status": r"[1-5]\d\d",
    "sc-substatus": r"\d{1,3}",
    "sc-win32-status": r"\d{1,10}",
    "sc-bytes": r"\d{1,18}",
    "cs-bytes": r"\d{1,18}",
    "time-taken": r"\d{1,9}",
}
DIRECTIVE = re.compile(r"^#(?:Software: [ -~]+|Version: 1\.0|Date: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d|Fields: [!-~]+(?: [!-~]+)*)$")


def main(path):
    bad = []
    fields = None
    pattern = None
    last = None
    n = directives = data = 0
    with open(path, "rb") as f:
        for raw in f:
            n += 1
            if not raw.endswith(b"\n"):
                bad.append((n, "no LF"))
                continue
            line = raw[:-1].decode("ascii")
            if line.startswith("#"):
                directives += 1
                if not DIRECTIVE.match(line):
                    bad.append((n, line))
                elif line.startswith("#Date: "):
                    datetime.strptime(line[7:], "%Y-%m-%d %H:%M:%S")
                elif line.startswith("#Fields: "):
                    names = line[9:].split(" ")
                    if fields is None and names != IIS_DEFAULT:
                        bad.append((n, "first #Fields: is not the IIS default"))
                    if any(name not in VALUE for name in names):
                        bad.append((n, "unknown field"))
                        continue
                    fields = names
                    pattern = re.compile("^" + " ".join(f"({VALUE[name]})" for name in names) + "$")
                continue
            data += 1
            m = pattern.match(line) if pattern else None
            if not m:
                bad.append((n, line))
                continue
            try:
                stamp = datetime.strptime(m.group(fields.index("date") + 1) + " " + m.group(fields.index("time") + 1), "%Y-%m-%d %H:%M:%S")
            except ValueError:
                bad.append((n, "bad date or time: " + line))
                continue
            if last is not None and stamp < last:
                bad.append((n, "time goes back: " + line))
            last = stamp
    if bad:
        for b in bad[:10]:
            print("bad", b)
        print("bad lines:", len(bad))
        return 1
    print("ok", n, directives, data)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
