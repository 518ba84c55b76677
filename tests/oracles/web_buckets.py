#!/usr/bin/env python3
"""The thresholded web rules W9, W10, W10b and W11 of the rule table in README.md on a combined or
common access log, independently of FastLog: python3 `re` over the raw lines.

Prints one line per (rule, client) that fires, sorted: "RULE CLIENT EVENTS WINDOWS START END",
EVENTS summing the counts of the client's buckets that crossed the threshold, WINDOWS how many
there are, START the first such bucket's start and END the last one's end (Unix seconds).

    W9    >= count responses 401/403 per (client, bucket)       defaults: count 10, window 300 s
    W10   >= count responses 4xx/5xx per (client, bucket)       defaults: count 350, window 300 s
    W10b  >= paths distinct paths answered 404 per (client, bucket)   defaults: paths 50, window 300 s
    W11   >  count requests per (client, bucket)                defaults: count 300, window 60 s

W9, W10 and W10b use one bucket (W9.window). Buckets are fixed and aligned to the Unix epoch. The
client is the line's first field; the path is the request target up to the first '?'.

    python3 tests/oracles/web_buckets.py [--set KEY=VALUE ...] FILE...
    KEY: W9.count W9.window W10.count W10b.paths W11.count W11.window (windows in seconds)
"""
import calendar
import collections
import re
import sys

LINE = re.compile(r'^(\S+) \S+ \S+ \[(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\] "(\S+) (\S+)[^"]*" (\d{3}) ')
MONTHS = {m: i + 1 for i, m in enumerate('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split())}


def main(argv):
    params = {"W9.count": 10, "W9.window": 300, "W10.count": 350, "W10b.paths": 50, "W11.count": 300, "W11.window": 60}
    files = []
    while argv:
        if argv[0] == "--set":
            key, value = argv[1].split("=")
            if key not in params:
                sys.exit(f"unknown key {key}")
            params[key], argv = int(value), argv[2:]
        else:
            files, argv = files + [argv[0]], argv[1:]
    window, rate_window = params["W9.window"], params["W11.window"]
    auth, errors, requests = collections.Counter(), collections.Counter(), collections.Counter()
    paths = collections.defaultdict(set)
    for path in files:
        with open(path, encoding="latin-1") as f:
            for line in f:
                m = LINE.match(line)
                if not m:
                    continue
                ip, day, mon, year, hh, mi, ss, sign, oh, om, _method, target, status = m.groups()
                t = calendar.timegm((int(year), MONTHS[mon], int(day), int(hh), int(mi), int(ss)))
                offset = int(oh) * 3600 + int(om) * 60
                t = t - offset if sign == "+" else t + offset
                status = int(status)
                requests[(ip, t // rate_window)] += 1
                if status >= 400:
                    errors[(ip, t // window)] += 1
                if status in (401, 403):
                    auth[(ip, t // window)] += 1
                if status == 404:
                    paths[(ip, t // window)].add(target.split("?")[0])
    fired = {}

    def add(rule, ip, bucket, length, events):
        e, w, first, last = fired.get((rule, ip), (0, 0, None, None))
        start = bucket * length
        fired[(rule, ip)] = (e + events, w + 1, start if first is None else min(first, start),
                             start + length if last is None else max(last, start + length))

    for (ip, b), n in auth.items():
        if n >= params["W9.count"]:
            add("W9", ip, b, window, n)
    for (ip, b), n in errors.items():
        if n >= params["W10.count"]:
            add("W10", ip, b, window, n)
    for (ip, b), s in paths.items():
        if len(s) >= params["W10b.paths"]:
            add("W10b", ip, b, window, len(s))
    for (ip, b), n in requests.items():
        if n > params["W11.count"]:
            add("W11", ip, b, rate_window, n)
    for (rule, ip), (e, w, first, last) in sorted(fired.items()):
        print(rule, ip, e, w, first, last)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
