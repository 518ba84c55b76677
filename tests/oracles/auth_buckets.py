#!/usr/bin/env python3
"""Fixed-bucket sshd brute-force rules (the rule table in README.md L2, L2b, L4) on an auth.log,
independently of FastLog: python3 `re` over the raw lines, no FastLog code or output.

Prints one line per finding, sorted: "RULE HOST SOURCE EVENTS" for L2/L2b (per host and source),
"RULE - SOURCE EVENTS" for L4 (per source), EVENTS being the failures summed over the buckets of
that subject that crossed the threshold.

    L2   >= 60 failures from one non-private address to one host in a 30 s bucket (Elastic)
    L2b  >  30 failures from one address to one host in a 600 s bucket (legacy Sigma)
    L4   one address in one 300 s bucket: > 10 distinct user names and >= 30 failures (Elastic)

Buckets are fixed and aligned to the Unix epoch (ES|QL date_trunc, Splunk bucket span). RFC 3164
stamps carry no year or zone: --year (default 2024), read as UTC.

Failures, with the address taken from the server-written end of the line (hostile-inputs R3):
  sshd  "Failed METHOD for [invalid user ]USER from ADDR port N ssh2[: INFO]": ADDR is the one
        after the LAST " from " that is followed by " port N ssh2" (regex backtracking from a
        greedy USER), so a user name holding " from 6.6.6.6 port 22 ssh2" does not make 6.6.6.6
        the source;
  sshd  "Invalid user USER from ADDR[ port N]" (the last " from ");
  PAM   "pam_unix(SVC:TYPE): authentication failure; ... rhost=ADDR[ ... user=USER]" of any
        program: the FIRST " rhost=" (the service writes everything before it);
  sshd  "PAM: Authentication failure for [illegal user ]USER from ADDR[ via HOST]" and
        "PAM: User not known to the underlying authentication module for [illegal user ]USER from ADDR";
  PAM   "[PAM ]N more authentication failure[s]; ... rhost=ADDR[ ... user=USER]" (N failures);
and rsyslog's "message repeated N times: [ BODY]" counts BODY N times. ADDR must be an IPv4/IPv6
literal (a host name in rhost= names no source). "error: " before an sshd message is dropped.

Each attempt counts once per sshd session (HOST and sshd[PID]): sshd's "Failed" lines, its
"Invalid user" line and the PAM lines are three witnesses of the same attempts, and a session's
failures are the most any one witness reported; a line adds what it raises that maximum by.
Sessions are tallied per MiB of each file (byte offset // 2**20) and start again in the next.
Lines of other programs, or without a PID, count as they are.

    python3 tests/oracles/auth_buckets.py [--year 2024] [--rule L2|L2b|L4] [--set KEY=VALUE ...] FILE...

--set changes a threshold or window (seconds), keys as fastlog's --rule-option: L2.count,
L2.window, L2b.count, L2b.window, L4.users, L4.count, L4.window.
"""
import calendar
import collections
import ipaddress
import re
import sys

MONTHS = {m: i for i, m in enumerate(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"], 1)}
HEAD = re.compile(r"^([A-Z][a-z]{2}) +(\d{1,2}) (\d\d):(\d\d):(\d\d) (\S+) ([^\[: ]+)(?:\[(\d+)\])?: (.*)$")
REPEATED = re.compile(r"^message repeated (\d+) times: \[ (.*)\]$")
FAILED = re.compile(r"^Failed \S+ for (?:invalid user )?(.*) from (\S+) port \d+ ssh2(?:: .*)?$")
INVALID = re.compile(r"^Invalid user (.*) from (\S+?)(?: port \d+)?$")
PAM = re.compile(r"^pam_unix\([^)]*\): authentication failure; .*?(?<= )rhost=(\S*)(.*)$")
PAM_USER = re.compile(r" user=(.*)$")
PAM_MORE = re.compile(r"^(?:PAM |pam_unix\([^)]*\): )?(\d{1,9}) more authentication failures?; .*?(?<= )rhost=(\S*)(.*)$")
PAM_ERROR = re.compile(r"^PAM: (?:Authentication failure|User not known to the underlying authentication module) for (?:illegal user )?(.*) from (\S+?)(?: via \S+)?$")
EPOCH = 1 << 20
SSHD = {"sshd", "sshd-session", "sshd-auth"}
# Elastic's "external" excludes these (FastLog's built-in internal networks are the same list).
PRIVATE = [ipaddress.ip_network(n) for n in
           ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "127.0.0.0/8", "169.254.0.0/16", "100.64.0.0/10",
            "::1/128", "fc00::/7", "fe80::/10"]]


def address(text):
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def failure(program, msg):
    """(source address text, user or None, witness, failures reported) of a failed login message, else None."""
    if program.endswith("(pam_unix)"):
        msg = "pam_unix(x): " + msg  # loghub's /var/log/messages: the PAM module is in the tag
    if program.split("(")[0] in SSHD:
        if msg.startswith("error: "):
            msg = msg[len("error: "):]
        m = FAILED.match(msg)
        if m:
            return m.group(2), m.group(1), "sshd", 1
        m = INVALID.match(msg)
        if m:
            return m.group(2), m.group(1), "invalid", 1
        m = PAM_ERROR.match(msg)
        if m:
            return m.group(2), m.group(1), "pam", 1
    m = PAM.match(msg)
    if m:
        user = PAM_USER.search(m.group(2))
        return m.group(1), user.group(1) if user else None, "pam", 1
    m = PAM_MORE.match(msg)
    if m:
        user = PAM_USER.search(m.group(3))
        return m.group(2), user.group(1) if user else None, "pam", int(m.group(1))
    return None


def main(argv):
    year, rules, files = 2024, {"L2", "L2b", "L4"}, []
    p = {"L2.count": 60, "L2.window": 30, "L2b.count": 30, "L2b.window": 600, "L4.users": 10, "L4.count": 30, "L4.window": 300}
    while argv:
        if argv[0] == "--set":
            key, value = argv[1].split("=")
            if key not in p:
                sys.exit(f"unknown key {key}")
            p[key], argv = int(value), argv[2:]
        elif argv[0] == "--year":
            year, argv = int(argv[1]), argv[2:]
        elif argv[0] == "--rule":
            rules, argv = {argv[1]}, argv[2:]
        else:
            files, argv = files + [argv[0]], argv[1:]
    l2 = collections.Counter()                  # (host, ip, L2 bucket) -> failures
    l2b = collections.Counter()                 # (host, ip, L2b bucket) -> failures
    l4 = collections.Counter()                  # (ip, L4 bucket) -> failures
    l4_users = collections.defaultdict(set)     # (ip, L4 bucket) -> user names
    for path in files:
        sessions, epoch, offset = {}, 0, 0  # (host, pid) -> {witness: failures} of the current epoch
        with open(path, "rb") as f:
            for raw in f:
                at, offset = offset, offset + len(raw)
                line = raw.rstrip(b"\n").rstrip(b"\r").decode("utf-8", "surrogateescape")
                m = HEAD.match(line)
                if not m or m.group(1) not in MONTHS:
                    continue
                t = calendar.timegm((year, MONTHS[m.group(1)], int(m.group(2)), int(m.group(3)), int(m.group(4)), int(m.group(5))))
                host, program, pid, msg = m.group(6), m.group(7), m.group(8), m.group(9)
                repeat = 1
                r = REPEATED.match(msg)
                if r:
                    repeat, msg = int(r.group(1)), r.group(2)
                hit = failure(program, msg)
                if hit is None:
                    continue
                ip, user, witness, reported = hit
                weight = reported * repeat
                if pid is not None and program.split("(")[0] in SSHD:
                    if at // EPOCH != epoch:
                        sessions, epoch = {}, at // EPOCH
                    tally = sessions.setdefault((host, pid), {"sshd": 0, "invalid": 0, "pam": 0})
                    before = max(tally.values())
                    tally[witness] += weight
                    weight = max(tally.values()) - before
                if address(ip) is None:
                    continue
                l2[(host, ip, t // p["L2.window"])] += weight
                l2b[(host, ip, t // p["L2b.window"])] += weight
                l4[(ip, t // p["L4.window"])] += weight
                if user is not None:  # a line whose attempts were counted still names its user
                    l4_users[(ip, t // p["L4.window"])].add(user)
    fired = collections.Counter()
    for (host, ip, _), n in l2.items():
        if n >= p["L2.count"] and not any(address(ip) in net for net in PRIVATE if net.version == address(ip).version):
            fired[("L2", host, ip)] += n
    for (host, ip, _), n in l2b.items():
        if n > p["L2b.count"]:
            fired[("L2b", host, ip)] += n
    for key, n in l4.items():
        if n >= p["L4.count"] and len(l4_users[key]) > p["L4.users"]:
            fired[("L4", "-", key[0])] += n
    for (rule, host, ip), n in sorted(fired.items()):
        if rule in rules:
            print(rule, host, ip, n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
