#!/usr/bin/env python3
"""W11 of the rule table in README.md on combined/common access logs, independently of FastLog.

Counts the requests per (client, UTC minute) over ALL the files together (several servers' logs
of one run add up), and prints one line per client with a minute of more than 300 requests,
sorted by client: "CLIENT EVENTS WINDOWS START END", where EVENTS sums the requests of those
minutes, WINDOWS is how many there are, START is the first such minute and END the end of the
last (RFC 3339 UTC). The client is the line's first field.

    python3 tests/oracles/request_rate.py FILE...
"""
import collections
import datetime
import gzip
import re
import sys

TIME = re.compile(r'\[(\d{2})/(\w{3})/(\d{4}):(\d{2}):(\d{2}):(\d{2}) ([+-])(\d{2})(\d{2})\]')
MONTHS = {m: i + 1 for i, m in enumerate('Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec'.split())}


def minute_of(line):
    m = TIME.search(line)
    day, mon, year, hh, mm, ss, sign, oh, om = m.groups()
    local = datetime.datetime(int(year), MONTHS[mon], int(day), int(hh), int(mm), int(ss), tzinfo=datetime.timezone.utc)
    offset = datetime.timedelta(hours=int(oh), minutes=int(om))
    utc = local - offset if sign == '+' else local + offset
    return int(utc.timestamp()) // 60


def iso(minute):
    return datetime.datetime.fromtimestamp(minute * 60, datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ')


counts = collections.Counter()
for path in sys.argv[1:]:
    opener = gzip.open if path.endswith('.gz') else open
    with opener(path, 'rt', encoding='latin-1') as f:
        for line in f:
            if line.strip():
                counts[(line.split(' ', 1)[0], minute_of(line))] += 1

over = collections.defaultdict(list)
for (client, minute), n in counts.items():
    if n > 300:
        over[client].append((minute, n))
for client in sorted(over):
    minutes = sorted(over[client])
    print(client, sum(n for _, n in minutes), len(minutes), iso(minutes[0][0]), iso(minutes[-1][0] + 1))
