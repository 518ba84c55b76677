#!/usr/bin/env python3
"""Strict-grammar oracle for generated Debian auth.log files, written independently of FastLog.

Every line must be an RFC 3164 line without PRI, as rsyslog writes it to disk
(docs/formats.md):

    Mmm dd hh:mm:ss SP host SP program([pid])? ": " message

with an English month, a space-padded day, a valid time, ONE host name for the whole file, and a
message that matches the grammar of its program (sshd, CRON, systemd-logind, sudo, useradd) listed
below. Prints "ok LINES" and exits 0, or prints the first offending lines and exits 1.

    python3 tests/oracles/auth_strict.py FILE
"""
import re
import sys

IP = r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
PORT = r"(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})"
HEADER = re.compile(r"^(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ( [1-9]|[12]\d|3[01]) ([01]\d|2[0-3]):[0-5]\d:[0-5]\d "
                    r"([A-Za-z0-9][A-Za-z0-9.-]*) ([A-Za-z][A-Za-z0-9_-]*)(\[[1-9]\d*\])?: (.*)$")
USER = r"[^ ]+"
GRAMMAR = {
    "sshd": [
        rf"Accepted (publickey|password) for {USER} from {IP} port {PORT} ssh2(: (RSA|ED25519) SHA256:[A-Za-z0-9+/]{{43}})?",
        rf"Failed password for (invalid user )?.+ from {IP} port {PORT} ssh2",
        rf"pam_unix\(sshd:session\): session opened for user {USER} by \(uid=0\)",
        rf"pam_unix\(sshd:session\): session closed for user {USER}",
        rf"Received disconnect from {IP} port {PORT}:11: (disconnected by user|Bye Bye \[preauth\])",
        rf"Invalid user {USER} from {IP} port {PORT}",
        rf"Connection closed by (invalid user {USER} )?{IP} port {PORT} \[preauth\]",
        rf"message repeated [1-9]\d* times: \[ Failed password for {USER} from {IP} port {PORT} ssh2\]",
        rf"Did not receive identification string from {IP} port {PORT}",
        rf"pam_unix\(sshd:auth\): authentication failure; logname= uid=0 euid=0 tty=ssh ruser= rhost={IP}  user={USER}",
        rf"ssh_dispatch_run_fatal: Connection from {IP} port {PORT}: [^\[\]]+ \[preauth\]",
    ],
    "CRON": [r"pam_unix\(cron:session\): session opened for user root by \(uid=0\)", r"pam_unix\(cron:session\): session closed for user root"],
    "systemd-logind": [rf"New session [1-9]\d* of user {USER}\.", r"Removed session [1-9]\d*\."],
    "sudo": [rf"  ?{USER} : TTY=pts/\d+ ; PWD=/[^ ]* ; USER=root ; COMMAND=/.+", rf"pam_unix\(sudo:session\): session opened for user root by {USER}\(uid=0\)"],
    "useradd": [rf"new user: name={USER}, UID=\d+, GID=\d+, home=/[^ ,]*, shell=/[^ ,]+"],
}
COMPILED = {p: re.compile("^(?:" + "|".join(alts) + ")$") for p, alts in GRAMMAR.items()}
PID_REQUIRED = {"sshd", "CRON", "systemd-logind", "useradd"}


def main(path):
    bad = []
    hosts = set()
    n = 0
    with open(path, "rb") as f:
        for raw in f:
            n += 1
            if not raw.endswith(b"\n"):
                bad.append((n, "no LF"))
                continue
            line = raw[:-1].decode("ascii")
            m = HEADER.match(line)
            if not m:
                bad.append((n, line))
                continue
            hosts.add(m.group(4))
            program, pid, msg = m.group(5), m.group(6), m.group(7)
            grammar = COMPILED.get(program)
            if grammar is None or not grammar.match(msg) or (program in PID_REQUIRED) != (pid is not None):
                bad.append((n, line))
    if len(hosts) > 1:
        bad.append((0, "several hosts: " + ",".join(sorted(hosts))))
    if bad:
        for b in bad[:10]:
            print("bad", b)
        print("bad lines:", len(bad))
        return 1
    print("ok", n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
