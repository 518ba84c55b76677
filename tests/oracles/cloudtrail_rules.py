#!/usr/bin/env python3
"""Evaluates the CloudTrail rules C1-C13 of the rule table in README.md on an NDJSON CloudTrail file
(one record a line), independently of FastLog. Every line must be a JSON object (else exit 1).

Prints one line per (rule, sourceIPAddress) that fires, sorted: "RULE IP FIRST LAST COUNT".
C1 is the thresholded variant (> 20 failed console logins per address per 10-minute bucket);
C1event counts every failed console login (the per-event Sigma rule).

    python3 tests/oracles/cloudtrail_rules.py FILE
"""
import collections
import json
import re
import sys


def rules(r):
    ident = r.get("userIdentity") or {}
    source, name = r.get("eventSource"), r.get("eventName")
    err = r.get("errorCode")
    req = r.get("requestParameters") or {}
    resp = r.get("responseElements") or {}
    extra = r.get("additionalEventData") or {}
    arn = ident.get("arn") or ""
    fired = []
    if name == "ConsoleLogin" and r.get("errorMessage") == "Failed authentication":
        fired.append("C1event")
    if name == "ConsoleLogin" and extra.get("MFAUsed") == "No" and resp.get("ConsoleLogin") == "Success":
        fired.append("C2")
    if ident.get("type") == "Root" and r.get("eventType") != "AwsServiceEvent":
        fired.append("C3")
    if source == "cloudtrail.amazonaws.com" and name in ("StopLogging", "UpdateTrail", "DeleteTrail"):
        fired.append("C4")
    if source == "guardduty.amazonaws.com" and (name == "DeleteDetector" or (name == "UpdateDetector" and req.get("enable") is False)) and err in (None, "Success"):
        fired.append("C5")
    if source == "config.amazonaws.com" and name in ("DeleteDeliveryChannel", "StopConfigurationRecorder"):
        fired.append("C6")
    if source == "iam.amazonaws.com" and name == "CreateAccessKey" and (resp.get("accessKey") or {}).get("userName", "") not in arn:
        fired.append("C7")
    if source == "iam.amazonaws.com" and name == "UpdateLoginProfile" and arn != req.get("userName"):
        fired.append("C8")
    if source == "ec2.amazonaws.com" and name in ("AuthorizeSecurityGroupIngress", "AuthorizeSecurityGroupEgress", "RevokeSecurityGroupIngress", "RevokeSecurityGroupEgress"):
        fired.append("C9")
    if source == "s3.amazonaws.com" and name == "ListBuckets" and ident.get("type") != "AssumedRole":
        fired.append("C10")
    if source == "sts.amazonaws.com" and name == "GetCallerIdentity" and "TruffleHog" in (r.get("userAgent") or ""):
        fired.append("C11")
    if re.match(r".+:assumed-role/aws:.+", arn) and not (source == "ssm.amazonaws.com" or name == "RegisterManagedInstance" or r.get("sourceIPAddress") == "AWS Internal"):
        fired.append("C12")
    if name == "DeleteBucket" and err in (None, "Success"):
        fired.append("C13")
    return fired


def main(path):
    hits = collections.defaultdict(list)
    buckets = collections.defaultdict(list)
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            r = json.loads(line)
            if not isinstance(r, dict):
                print("line", n, "is not an object")
                return 1
            t = r["eventTime"]
            ip = r.get("sourceIPAddress")
            for rule in rules(r):
                hits[(rule, ip)].append(t)
                if rule == "C1event":
                    # eventTime is yyyy-mm-ddThh:mm:ssZ: the 10-minute bucket is its first 15 characters.
                    buckets[(ip, t[:15])].append(t)
    for (ip, _), times in buckets.items():
        if len(times) > 20:
            hits[("C1", ip)].extend(times)
    for (rule, ip), times in sorted(hits.items()):
        print(rule, ip, min(times), max(times), len(times))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
