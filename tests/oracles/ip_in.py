#!/usr/bin/env python3
"""Keeps the rows of clf_fields.py output whose client (column 1) is in one of the networks.

Written independently of FastLog with Python's ipaddress module, for `ip in ...` oracles:

    python3 tests/oracles/clf_fields.py --format nginx FILE | python3 tests/oracles/ip_in.py 10.0.0.0/8 2001:db8::/32 | wc -l
    ... | python3 tests/oracles/ip_in.py --file blocklist.txt [--invert]

A network is an address or CIDR (host bits ignored, as strict=False); a --file holds one per
line (blank lines and '#' comments skipped), and entries that are not addresses match the
client text exactly (host names). A client that is not an address matches no network. An
IPv4-mapped IPv6 client (::ffff:a.b.c.d) is compared as its IPv4 address. --invert keeps the
rows that do not match.
"""

import argparse
import ipaddress
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("networks", nargs="*")
    ap.add_argument("--file")
    ap.add_argument("--invert", action="store_true")
    args = ap.parse_args()
    entries = list(args.networks)
    if args.file:
        for raw in open(args.file, "rb").read().split(b"\n"):
            line = raw.strip(b" \t\r")
            if line and not line.startswith(b"#"):
                entries.append(line.decode("utf-8", "surrogateescape"))
    nets, names = [], set()
    for e in entries:
        try:
            nets.append(ipaddress.ip_network(e, strict=False))
        except ValueError:
            names.add(e.encode("utf-8", "surrogateescape"))
    out = sys.stdout.buffer
    for row in sys.stdin.buffer:
        host = row.split(b"\t", 1)[0]
        try:
            addr = ipaddress.ip_address(host.decode("ascii"))
            if addr.version == 6 and addr.ipv4_mapped is not None:
                addr = addr.ipv4_mapped
            hit = any(addr.version == n.version and addr in n for n in nets)
        except (ValueError, UnicodeDecodeError):
            hit = host in names
        if hit != args.invert:
            out.write(row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
