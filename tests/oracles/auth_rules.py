#!/usr/bin/env python3
"""Evaluates the sshd rules of the rule table in README.md on an auth.log, independently of FastLog.

Prints one line per (rule, source) that fires, sorted: "RULE SOURCE FIRST LAST COUNT", where
FIRST/LAST are the RFC 3339 UTC times of the source's lines that count for the rule and COUNT is
how many there are (failures; lines for L1/L5/L6). Timestamps have no year: --year (default 2024),
UTC. The source address of an sshd failure is the one after the LAST " from " of the line, so a
user name that forges " from X port 22 ssh2" does not make X the source (hostile-inputs R3).

    L2        >= 60 failures from one non-private address within 30 s (sliding; Elastic)
    L2legacy  > 30 failures from one address within 600 s (sliding; legacy Sigma)
    L3        >= 25 failures for one address+user, then "Accepted" for them, all within 15 s
    L4        one address in one 5-minute bucket: > 10 distinct users and >= 30 failures
    L1        sshd lines with a Sigma keyword (source: the "Connection from" address)
    L5        "new user" lines with UID=0, / GID=0, / GID=10, / GID=27, (source: the user name)
    L6        lines removing /var/log/syslog (source: the sudo user)

Failures: "Failed <method> for", "Invalid user", pam "authentication failure" (rhost), and
rsyslog "message repeated N times: [ Failed ...]" counted N times.

    python3 tests/oracles/auth_rules.py [--year 2024] FILE
"""
import bisect
import calendar
import collections
import ipaddress
import re
import sys
import time

MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
HEAD = re.compile(r"^(\w{3}) +(\d+) (\d\d):(\d\d):(\d\d) \S+ ([^:\[]+)(?:\[\d+\])?: (.*)$")
FAILED = re.compile(r"^(?:message repeated (\d+) times: \[ )?Failed \S+ for (invalid user )?(.*) from (\S+) port \d+ ssh2\]?$")
INVALID = re.compile(r"^Invalid user (.*) from (\S+)(?: port \d+)?$")
PAM = re.compile(r"^pam_unix\(sshd:auth\): authentication failure;.* rhost=(\S+)(?:\s+user=(\S*))?$")
ACCEPTED = re.compile(r"^Accepted \S+ for (.*) from (\S+) port \d+ ssh2(?::.*)?$")
KEYWORDS = ["unexpected internal error", "unknown or unsupported key type", "invalid certificate signing key", "invalid elliptic curve value",
            "incorrect signature", "error in libcrypto", "unexpected bytes remain after decoding", "fatal: buffer_get_string: bad string",
            "local: crc32 compensation attack", "bad client public dh value", "corrupted mac on input"]
CLEAR = ["rm /var/log/syslog", "rm -rf /var/log/syslog", "mv /var/log/syslog", " > /var/log/syslog"]


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def main(argv):
    year = 2024
    if argv[0] == "--year":
        year, argv = int(argv[1]), argv[2:]
    failures = collections.defaultdict(list)          # ip -> [(t, weight)]
    by_ip_user = collections.defaultdict(list)        # (ip, user) -> [t]
    accepted = []                                     # (t, ip, user)
    buckets = collections.defaultdict(lambda: [0, set(), None, None])
    single = collections.defaultdict(lambda: [0, None, None])
    with open(argv[0], encoding="utf-8") as f:
        for line in f:
            m = HEAD.match(line.rstrip("\n"))
            if not m:
                continue
            t = calendar.timegm((year, MONTHS[m.group(1)], int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5))))
            program, msg = m.group(6), m.group(7)
            low = msg.lower()
            if program == "sshd":
                fm, im, pm, am = FAILED.match(msg), INVALID.match(msg), PAM.match(msg), ACCEPTED.match(msg)
                hit = None
                if fm:
                    hit = (fm.group(4), fm.group(3), int(fm.group(1) or 1))
                elif im:
                    hit = (im.group(2), im.group(1), 1)
                elif pm:
                    hit = (pm.group(1), pm.group(2) or "", 1)
                if hit:
                    ip, user, w = hit
                    failures[ip].append((t, w))
                    by_ip_user[(ip, user)].extend([t] * w)
                    b = buckets[(ip, t // 300)]
                    b[0] += w
                    b[1].add(user)
                    b[2] = t if b[2] is None else b[2]
                    b[3] = t
                elif am:
                    accepted.append((t, am.group(2), am.group(1)))
                if any(k in low for k in KEYWORDS):
                    src = re.search(r"Connection from (\S+) port", msg)
                    mark(single, ("L1", src.group(1) if src else "-"), t)
            if "new user" in msg and any(k in msg for k in ["UID=0,", "GID=0,", "GID=10,", "GID=27,"]):
                mark(single, ("L5", re.search(r"name=([^,]*)", msg).group(1)), t)
            if any(k in msg for k in CLEAR) and "/syslog." not in msg:
                mark(single, ("L6", msg.split(":")[0].strip()), t)
    out = []
    for ip, evs in failures.items():
        times = [t for t, w in evs for _ in range(w)]
        private = ipaddress.ip_address(ip).is_private
        for rule, span, need, cond in (("L2", 30, 60, not private), ("L2legacy", 600, 31, True)):
            hits = window_hits(times, span, need) if cond else []
            if hits:
                out.append((rule, ip, iso(hits[0]), iso(hits[-1]), len(hits)))
    for t, ip, user in accepted:
        ts = by_ip_user.get((ip, user), [])
        lo = bisect.bisect_left(ts, t - 15)
        hi = bisect.bisect_right(ts, t)
        if hi - lo >= 25:
            out.append(("L3", ip, iso(ts[lo]), iso(t), hi - lo))
    for (ip, _), (count, users, first, last) in buckets.items():
        if len(users) > 10 and count >= 30:
            out.append(("L4", ip, iso(first), iso(last), count))
    for (rule, src), (count, first, last) in single.items():
        out.append((rule, src, iso(first), iso(last), count))
    for row in sorted(out):
        print(*row)
    return 0


def mark(table, key, t):
    e = table[key]
    e[0] += 1
    e[1] = t if e[1] is None else e[1]
    e[2] = t


def window_hits(times, span, need):
    """All failure times that lie in some window [t, t + span) holding at least `need` failures."""
    times.sort()
    hit = set()
    j = 0
    for i in range(len(times)):
        while times[i] - times[j] >= span:
            j += 1
        if i - j + 1 >= need:
            hit.update(range(j, i + 1))
    return [times[k] for k in sorted(hit)]


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
