#!/usr/bin/env python3
"""Writes a gzip file of several members, each with chosen header fields (RFC 1952 §2.3).

Usage: gzip_members.py TEXT OUT MEMBER...

TEXT is split into members by lines; each MEMBER is LINES[:FLAGS], where LINES is a count of
lines (0 makes an empty member) or 'rest', and FLAGS any of:
  x  FEXTRA with a bgzip 'BC' subfield (bgzip writes one in every member)
  n  FNAME   c  FCOMMENT   h  FHCRC (CRC-16 of the header)
  s  stored blocks (deflate level 0)   t  FTEXT
The deflate data comes from Python's zlib, the framing from this script: an implementation
independent of FastLog's. Prints each member's compressed byte range as START END (END
exclusive; the trailer is END-8..END), one member a line, so tests can damage a chosen part.
"""
import struct
import sys
import zlib


def member(data: bytes, flags: str) -> bytes:
    level = 0 if 's' in flags else 6
    compressor = zlib.compressobj(level, zlib.DEFLATED, -15)
    deflated = compressor.compress(data) + compressor.flush()
    flg = 0
    extra = name = comment = b''
    if 't' in flags:
        flg |= 0x01
    if 'x' in flags:
        flg |= 0x04
        # BC subfield: SI1 'B', SI2 'C', SLEN 2, BSIZE = member size - 1 (bgzip's layout).
        size = 10 + 2 + 6 + len(deflated) + 8 - 1
        extra = b'BC' + struct.pack('<HH', 2, size & 0xFFFF)
    if 'n' in flags:
        flg |= 0x08
        name = b'access.log\x00'
    if 'c' in flags:
        flg |= 0x10
        comment = b'rotated by logrotate \x1b]0;x\x07\x00'
    if 'h' in flags:
        flg |= 0x02
    header = b'\x1f\x8b\x08' + bytes([flg]) + struct.pack('<I', 1700000000) + b'\x00\x03'
    if extra:
        header += struct.pack('<H', len(extra)) + extra
    header += name + comment
    if 'h' in flags:
        header += struct.pack('<H', zlib.crc32(header) & 0xFFFF)
    trailer = struct.pack('<II', zlib.crc32(data) & 0xFFFFFFFF, len(data) & 0xFFFFFFFF)
    return header + deflated + trailer


def main() -> None:
    text_path, out_path, *specs = sys.argv[1:]
    with open(text_path, 'rb') as f:
        lines = f.read().splitlines(keepends=True)
    out = bytearray()
    for spec in specs:
        count, _, flags = spec.partition(':')
        take = len(lines) if count == 'rest' else int(count)
        start = len(out)
        out += member(b''.join(lines[:take]), flags)
        print(start, len(out))
        lines = lines[take:]
    if lines:
        sys.exit(f'{len(lines)} lines left over: end the member list with rest')
    with open(out_path, 'wb') as f:
        f.write(out)


main()
