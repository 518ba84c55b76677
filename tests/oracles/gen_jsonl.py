#!/usr/bin/env python3
"""Writes a deterministic application log as JSON lines (the jsonl format's test input).

    python3 tests/oracles/gen_jsonl.py --lines 3000 --seed 7 > app.jsonl

Each line has a timestamp under one of the default keys (ts, timestamp, time as RFC 3339 with
or without a fraction and offset, @timestamp as Unix seconds), and optionally level, msg
(with quotes, backslashes and non-ASCII, escaped or not), ctx.svc and dur (milliseconds with
at most three decimals, or null). Key order varies.
"""

import argparse
import datetime
import json
import random


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--lines", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rnd = random.Random(args.seed)
    base = datetime.datetime(2024, 3, 1, tzinfo=datetime.timezone.utc)
    words = ["login", "logout", "quote\"d", "back\\slash", "café", "naïve ☃", "tab\there", "😀 emoji"]
    for n in range(args.lines):
        t = base + datetime.timedelta(seconds=n * 7 + rnd.randint(0, 5))
        rec = {}
        style = rnd.randint(0, 3)
        if style == 0:
            rec["ts"] = t.strftime("%Y-%m-%dT%H:%M:%SZ")
        elif style == 1:
            rec["timestamp"] = t.strftime("%Y-%m-%dT%H:%M:%S") + ".%03dZ" % rnd.randint(0, 999)
        elif style == 2:
            local = t.astimezone(datetime.timezone(datetime.timedelta(hours=rnd.choice([-8, 2, 5]))))
            rec["time"] = local.isoformat()
        else:
            rec["@timestamp"] = int(t.timestamp())
        if rnd.random() < 0.9:
            rec["level"] = rnd.choice(["debug", "info", "info", "info", "warn", "error"])
        if rnd.random() < 0.95:
            rec["msg"] = rnd.choice(words) + " " + str(rnd.randint(0, 20))
        if rnd.random() < 0.7:
            rec["ctx"] = {"svc": rnd.choice(["api", "auth", "db", "web"]), "n": rnd.randint(0, 9)}
        if rnd.random() < 0.8:
            rec["dur"] = rnd.choice([None, rnd.randint(0, 900), rnd.randint(0, 900000) / 1000])
        items = list(rec.items())
        rnd.shuffle(items)
        print(json.dumps(dict(items), ensure_ascii=rnd.random() < 0.5, separators=(",", ":") if n % 2 else (", ", ": ")))


if __name__ == "__main__":
    main()
