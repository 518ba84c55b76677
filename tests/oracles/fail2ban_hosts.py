#!/usr/bin/env python3
"""Oracle for fail2ban test logs: the host each log line's `# failJSON:` annotation names.

Each log line of fail2ban/tests/files/logs/* may be preceded by `# failJSON: {...}`; the
annotation applies to the next line that is neither a comment nor blank. Prints, for every
annotated line whose annotation has "match": true and a "host", `host<TAB>line` (CR stripped).
With --hosts, prints only the distinct hosts, sorted.
"""
import json
import sys

args = [a for a in sys.argv[1:] if not a.startswith("--")]
hosts_only = "--hosts" in sys.argv
pending = None
rows = []
with open(args[0], "rb") as f:
    for raw in f:
        line = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", "surrogateescape")
        if line.startswith("# failJSON:"):
            pending = json.loads(line[len("# failJSON:"):])
            continue
        if line.startswith("#") or not line.strip():
            continue
        if pending is not None and pending.get("match") and pending.get("host"):
            rows.append((pending["host"], line))
        pending = None
if hosts_only:
    for h in sorted({h for h, _ in rows}):
        print(h)
else:
    for h, l in rows:
        sys.stdout.write(h + "\t" + l + "\n")
