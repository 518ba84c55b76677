#!/usr/bin/env python3
"""Writes the MaxMind DB seed files of the mmdb fuzz target (fuzz/seeds/mmdb/*.mmdb).

An independent, minimal writer of MaxMind DB format 2.0: a search tree of 24-, 28- or 32-bit
records, a data section of maps, strings and unsigned integers, and the metadata map. The
records follow the GeoLite2 layouts the reader looks up (country.iso_code,
autonomous_system_number, autonomous_system_organization); the values are made up.
"""
import os
import struct
import sys


def ctrl(kind, size):
    # Standard types 1-7 sit in the top 3 bits; extended ones (8+) are type 0 plus a byte kind-7.
    # Sizes 29-284 are 29 plus one byte after the type bytes.
    assert size < 29 + 256
    low, extra = (size, b"") if size < 29 else (29, bytes([size - 29]))
    if kind <= 7:
        return bytes([(kind << 5) | low]) + extra
    return bytes([low, kind - 7]) + extra


def encode(value):
    if isinstance(value, dict):
        out = ctrl(7, len(value))
        for k, v in value.items():
            out += encode(k) + encode(v)
        return out
    if isinstance(value, str):
        b = value.encode()
        return ctrl(2, len(b)) + b
    if isinstance(value, int):
        b = value.to_bytes((value.bit_length() + 7) // 8, "big") if value else b""
        return ctrl(6 if value < 1 << 32 else 9, len(b)) + b
    raise TypeError(value)


def build(ip_version, record_size, networks):
    """networks: list of (address bits as int, prefix length, record dict)."""
    bits = 32 if ip_version == 4 else 128
    data = b""
    offsets = []
    for _, _, record in networks:
        offsets.append(len(data))
        data += encode(record)
    # Trie: node = [left, right], each an int node index or ('data', i) or None.
    nodes = [[None, None]]
    for i, (address, prefix, _) in enumerate(networks):
        if ip_version == 6 and bits == 128 and address < 1 << 32:
            address, prefix = address, prefix + 96
        node = 0
        for depth in range(prefix):
            bit = (address >> (bits - 1 - depth)) & 1
            if depth == prefix - 1:
                nodes[node][bit] = ("data", i)
            else:
                if not isinstance(nodes[node][bit], int):
                    nodes.append([None, None])
                    nodes[node][bit] = len(nodes) - 1
                node = nodes[node][bit]
    count = len(nodes)

    def value(v):
        if v is None:
            return count
        if isinstance(v, tuple):
            return count + 16 + offsets[v[1]]
        return v

    tree = b""
    for left, right in nodes:
        l, r = value(left), value(right)
        if record_size == 24:
            tree += l.to_bytes(3, "big") + r.to_bytes(3, "big")
        elif record_size == 28:
            tree += (l & 0xFFFFFF).to_bytes(3, "big") + bytes([((l >> 24) << 4) | (r >> 24)]) + (r & 0xFFFFFF).to_bytes(3, "big")
        else:
            tree += struct.pack(">II", l, r)
    metadata = encode({
        "binary_format_major_version": 2, "binary_format_minor_version": 0, "node_count": count,
        "record_size": record_size, "ip_version": ip_version, "database_type": "FastLog-Fuzz-Seed",
    })
    return tree + bytes(16) + data + b"\xab\xcd\xefMaxMind.com" + metadata


def main(out):
    os.makedirs(out, exist_ok=True)
    networks = [
        (0x01020300, 24, {"country": {"iso_code": "AU"}}),
        (0x08080800, 24, {"autonomous_system_number": 15169, "autonomous_system_organization": "Example AS"}),
        (0xC0000200, 24, {"country": {"iso_code": "ZZ"}, "autonomous_system_number": 64496}),
    ]
    for ip_version in (4, 6):
        for record_size in (24, 28, 32):
            with open(os.path.join(out, f"v{ip_version}-r{record_size}.mmdb"), "wb") as f:
                f.write(build(ip_version, record_size, networks))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "mmdb"))
