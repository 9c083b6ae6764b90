#!/usr/bin/env python3
"""Checks the SigV4 signatures of requests that flaky_server.py logged.

Each logged request is signed again with botocore's SigV4Auth (the reference
implementation) with the given credentials, at the request's own X-Amz-Date
and over the headers its Authorization header lists as signed; the
Authorization header computed must equal the one received, byte for byte.

  verify_sigv4.py LOG --region R --access-key K --secret S [--token T]

Prints one line per request; exits 0 when every request checks out (and
there is at least one), 1 otherwise.
"""
import argparse
import datetime
import hashlib
import json
import re
import sys

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AUTHORIZATION = re.compile(
    r"^AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<signed>[a-z0-9;-]+), Signature=(?P<signature>[0-9a-f]{64})$"
)


def check(record, args):
    """Returns a list of problems with one logged request."""
    headers = {}
    for name, value in record["headers"]:
        if name.lower() in headers:
            return [f"header {name} sent twice"]
        headers[name.lower()] = value
    authorization = headers.get("authorization")
    if authorization is None:
        return ["no Authorization header"]
    match = AUTHORIZATION.match(authorization)
    if not match:
        return [f"malformed Authorization header: {authorization}"]
    problems = []
    if match["key"] != args.access_key:
        problems.append(f"signed with key {match['key']}, expected {args.access_key}")
    if match["region"] != args.region or match["service"] != "swf":
        problems.append(f"scope {match['region']}/{match['service']}, expected {args.region}/swf")
    amz_date = headers.get("x-amz-date", "")
    try:
        when = datetime.datetime.strptime(amz_date, "%Y%m%dT%H%M%SZ")
    except ValueError:
        return problems + [f"bad X-Amz-Date {amz_date!r}"]
    if match["date"] != amz_date[:8]:
        problems.append("the credential scope's date is not X-Amz-Date's")
    body = record["body"].encode("utf-8")
    if "x-amz-content-sha256" in headers and headers["x-amz-content-sha256"] != hashlib.sha256(body).hexdigest():
        problems.append("X-Amz-Content-SHA256 is not the body's hash")
    if args.token:
        if headers.get("x-amz-security-token") != args.token:
            problems.append("X-Amz-Security-Token is missing or not the session token")
    elif "x-amz-security-token" in headers:
        problems.append("X-Amz-Security-Token sent without a session token")

    signed = match["signed"].split(";")
    for required in ("host", "x-amz-date", "x-amz-target", "content-type"):
        if required not in signed:
            problems.append(f"{required} is not signed")
    missing = [name for name in signed if name not in headers]
    if missing:
        return problems + [f"signed headers not received: {missing}"]

    # Reference signature, over the same headers at the same time.
    request = AWSRequest(
        method=record["method"],
        url=f"http://{headers['host']}{record['path']}",
        data=body,
        headers={name: headers[name] for name in signed},
    )
    botocore.auth.get_current_datetime = lambda: when
    botocore.auth.SigV4Auth(Credentials(args.access_key, args.secret, args.token), "swf", args.region).add_auth(
        request
    )
    expected = request.headers["Authorization"]
    if expected != authorization:
        problems.append(f"signature mismatch:\n  received {authorization}\n  expected {expected}")
    return problems


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("log")
    parser.add_argument("--region", required=True)
    parser.add_argument("--access-key", required=True)
    parser.add_argument("--secret", required=True)
    parser.add_argument("--token")
    args = parser.parse_args()
    with open(args.log, encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if not records:
        print("no requests in the log")
        return 1
    failed = 0
    for number, record in enumerate(records, 1):
        problems = check(record, args)
        print(f"{number} {record.get('operation', '?')}: {'OK' if not problems else 'FAILED'}")
        for problem in problems:
            print(f"  {problem}")
        failed += bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
