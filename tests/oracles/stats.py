#!/usr/bin/env python3
"""Exact statistics of one numeric column of clf_fields.py output, per group, as CSV.

Written independently of FastLog (sorting, not histograms), as the oracle of `fastlog stats`:

    python3 tests/oracles/clf_fields.py --format nginx FILE | python3 tests/oracles/stats.py 9
    ... | python3 tests/oracles/stats.py 12 --by 4

Prints `group,count,min,mean,p50,p90,p95,p99,max` per group (group empty without --by), groups
in order of their number of rows, descending, then name; '-' values are absent and not
counted. Percentiles are nearest-rank: the value of rank ceil(q * count) (at least 1) in
ascending order. Values are exact decimals as written (request_time in seconds).
"""

import argparse
import math
import sys
from decimal import Decimal


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("column", type=int, help="1-based column of the value")
    ap.add_argument("--by", type=int, help="1-based column of the group")
    args = ap.parse_args()
    groups, rows = {}, {}
    for row in sys.stdin.buffer:
        cols = row.rstrip(b"\n").split(b"\t")
        key = cols[args.by - 1].decode("utf-8", "replace") if args.by else ""
        rows[key] = rows.get(key, 0) + 1
        value = cols[args.column - 1]
        if value != b"-":
            groups.setdefault(key, []).append(Decimal(value.decode()))
    out = sys.stdout
    out.write("group,count,min,mean,p50,p90,p95,p99,max\n")
    for key in sorted(rows, key=lambda k: (-rows[k], k.encode())):
        values = sorted(groups.get(key, []))
        n = len(values)
        if n == 0:
            out.write(f"{key},0,-,-,-,-,-,-,-\n")
            continue
        rank = lambda q: values[max(1, math.ceil(q * n)) - 1]
        mean = sum(values) / n
        cells = [values[0], mean, rank(0.5), rank(0.9), rank(0.95), rank(0.99), values[-1]]
        out.write(f"{key},{n}," + ",".join(str(c) for c in cells) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
