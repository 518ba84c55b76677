#!/usr/bin/env python3
"""Strict-grammar oracle for generated AWS ALB access logs, written independently of FastLog.

Every line must hold the 30 fields of docs/formats.md (AWS "Access log entries"),
separated by one space, in this order:

    type time elb client:port target:port request_processing_time target_processing_time
    response_processing_time elb_status_code target_status_code received_bytes sent_bytes
    "request" "user_agent" ssl_cipher ssl_protocol target_group_arn "trace_id" "domain_name"
    "chosen_cert_arn" matched_rule_priority request_creation_time "actions_executed"
    "redirect_url" "error_reason" "target:port_list" "target_status_code_list"
    "classification" "classification_reason" conn_trace_id

with the value grammars below, and these consistency rules: a request not dispatched to a target
has target "-" and all three times -1; a load-balancer answer (no target status) has target and
response processing times -1; http lines are redirects (301, actions "redirect", a redirect URL,
no TLS); https/h2 lines carry TLS cipher and protocol; the trace id's epoch is the request
creation second; request_creation_time <= time; the URL's scheme and port match the type.
Prints "ok LINES" and exits 0, or prints the first offending lines and exits 1.

    python3 tests/oracles/alb_strict.py FILE
"""
import re
import sys
from datetime import datetime, timezone

IPV4 = r"(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)"
IPV6 = r"[0-9a-f]{1,4}(?::[0-9a-f]{0,4}){2,7}"
PORT = r"(?:6553[0-5]|655[0-2]\d|65[0-4]\d\d|6[0-4]\d{3}|[1-5]\d{4}|[1-9]\d{0,3})"
ISO = r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z"
TIME = r"(?:-1|\d+\.\d{3})"
ARN_TG = r"arn:aws:elasticloadbalancing:[a-z]{2}-[a-z]+-\d:\d{12}:targetgroup/[A-Za-z0-9-]{1,32}/[0-9a-f]{16}"
ARN_CERT = r"arn:aws:acm:[a-z]{2}-[a-z]+-\d:\d{12}:certificate/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
HOST = r"[a-z0-9][a-z0-9.-]*"
LINE = re.compile(
    rf"^(?P<type>http|https|h2|grpcs|ws|wss) (?P<time>{ISO}) (?P<elb>app/[A-Za-z0-9-]+/[0-9a-f]{{16}}) "
    rf"(?P<client>{IPV4}|{IPV6}):{PORT} (?P<target>-|{IPV4}:{PORT}) "
    rf"(?P<rpt>{TIME}) (?P<tpt>{TIME}) (?P<spt>{TIME}) (?P<status>[1-5]\d\d) (?P<tstatus>-|[1-5]\d\d) \d+ \d+ "
    rf'"(?P<method>[A-Z]+) (?P<scheme>https?)://(?P<host>{HOST}):(?P<port>\d+)(?P<path>/[!-~]*) (?P<proto>HTTP/(?:1\.0|1\.1|2\.0))" '
    r'"(?P<ua>(?:[^"\n]|"(?! ))*)" '
    rf"(?P<cipher>-|[A-Z0-9_-]+) (?P<tls>-|TLSv1\.[23]) (?P<tg>-|{ARN_TG}) "
    r'"Root=1-(?P<epoch>[0-9a-f]{8})-[0-9a-f]{24}" '
    rf'"(?P<domain>-|{HOST})" "(?P<cert>-|{ARN_CERT})" (?P<priority>-|\d+) (?P<created>{ISO}) '
    r'"(?P<actions>[a-z-]+(?:,[a-z-]+)*)" '
    rf'"(?P<redirect>-|https://{HOST}:443/[!-~]*)" "(?P<error>-|[A-Za-z]+)" '
    rf'"(?P<targets>-|{IPV4}:{PORT}(?: {IPV4}:{PORT})*)" "(?P<tstatuses>-|[1-5]\d\d(?: [1-5]\d\d)*)" '
    r'"(?P<class>-|Acceptable|Ambiguous|Severe)" "(?P<reason>-|[A-Za-z]+)" TID_[0-9a-f]{32}$'
)


def micros(iso):
    t = datetime.strptime(iso, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=timezone.utc)
    return int(t.timestamp()) * 1_000_000 + t.microsecond


def problem(m):
    g = m.groupdict()
    dispatched = g["target"] != "-"
    times = (g["rpt"], g["tpt"], g["spt"])
    if not dispatched and times != ("-1", "-1", "-1"):
        return "not dispatched but timed"
    if g["tstatus"] == "-" and (g["tpt"], g["spt"]) != ("-1", "-1"):
        return "load-balancer answer with target times"
    if g["tstatus"] != "-" and ("-1" in times or g["tstatus"] != g["status"]):
        return "target answer without times or with another status"
    if g["targets"] != (g["target"] if dispatched else "-") or g["tstatuses"] != g["tstatus"]:
        return "target lists disagree"
    redirect = g["type"] == "http"
    if redirect != (g["actions"] == "redirect") or redirect != (g["redirect"] != "-") or (redirect and g["status"] != "301"):
        return "redirect fields disagree"
    if redirect != (g["cipher"] == "-") or redirect != (g["tls"] == "-") or redirect != (g["domain"] == "-") or redirect != (g["cert"] == "-"):
        return "TLS fields disagree with the type"
    if (g["scheme"], g["port"]) != (("http", "80") if redirect else ("https", "443")):
        return "URL scheme or port disagrees with the type"
    if (g["type"] == "h2") != (g["proto"] == "HTTP/2.0"):
        return "h2 without HTTP/2.0"
    created, done = micros(g["created"]), micros(g["time"])
    if created > done:
        return "created after the response"
    if int(g["epoch"], 16) != created // 1_000_000:
        return "trace id epoch is not the creation second"
    return None


def main(path):
    bad = []
    n = 0
    with open(path, "rb") as f:
        for raw in f:
            n += 1
            if not raw.endswith(b"\n"):
                bad.append((n, "no LF"))
                continue
            line = raw[:-1].decode("ascii")
            m = LINE.match(line)
            why = "grammar" if not m else problem(m)
            if why:
                bad.append((n, why, line))
    if bad:
        for b in bad[:10]:
            print("bad", b)
        print("bad lines:", len(bad))
        return 1
    print("ok", n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
