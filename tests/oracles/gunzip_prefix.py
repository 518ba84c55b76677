#!/usr/bin/env python3
"""Prints what Python's zlib decodes from a gzip file, member after member, up to the first
error or the end of the members; the error (if any) goes to stderr and the exit code is 0.

Usage: gunzip_prefix.py FILE

A reference for damaged files independent of FastLog's reader: zlib checks each member's
CRC-32 and length (wbits 31) and emits every byte it could decode before a cut or a bad trailer
(the input is fed one byte at a time, so an error loses no output decoded before it).
Bytes after the last member that do not start another one (zero padding, garbage) are ignored.
"""
import sys
import zlib

with open(sys.argv[1], 'rb') as f:
    data = f.read()
out = sys.stdout.buffer
while data[:2] == b'\x1f\x8b':
    inflater = zlib.decompressobj(31)
    try:
        for i in range(len(data)):
            out.write(inflater.decompress(data[i:i + 1]))
            if inflater.eof:
                break
    except zlib.error as e:
        sys.stderr.write(f'zlib: {e}\n')
        break
    if not inflater.eof:
        sys.stderr.write('truncated\n')
        break
    data = inflater.unused_data + data[i + 1:]
