#!/usr/bin/env python3
"""Byte length, as written, of one top-level key's value in each JSON line (oracle of payload_bytes).

    python3 tests/oracles/json_raw_span.py payload FILE

Walks each line's top-level object with json.JSONDecoder.raw_decode, which returns where each
value ends, and prints the UTF-8 length of the value's text; '-' when the key is absent.
Written independently of FastLog (Python's json module, not a byte scanner).
"""

import json
import sys

WS = " \t\r\n"


def span(line, key):
    dec = json.JSONDecoder()
    i = line.index("{") + 1
    while True:
        while line[i] in WS:
            i += 1
        if line[i] == "}":
            return None
        name, i = dec.raw_decode(line, i)
        while line[i] in WS:
            i += 1
        assert line[i] == ":"
        i += 1
        while line[i] in WS:
            i += 1
        start = i
        _, i = dec.raw_decode(line, i)
        if name == key:
            return len(line[start:i].encode("utf-8"))
        while line[i] in WS:
            i += 1
        if line[i] == ",":
            i += 1


def main():
    key, path = sys.argv[1], sys.argv[2]
    with open(path, encoding="utf-8") as f:
        for line in f:
            n = span(line, key)
            print("-" if n is None else n)


if __name__ == "__main__":
    main()
