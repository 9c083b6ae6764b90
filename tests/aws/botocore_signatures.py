#!/usr/bin/env python3
"""Prints the SigV4 headers that botocore's S3SigV4Auth adds to a few fixed
requests, at a fixed time, for tests/aws/sigv4_test.cpp (which holds the
values; run this again to check or extend them):

  python3 tests/aws/botocore_signatures.py
"""
import datetime
import hashlib
from unittest import mock

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

AT = datetime.datetime(2026, 11, 28, 10, 12, 3)  # 20261128T101203Z
KEY = Credentials("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")
TOKEN_KEY = Credentials("ASIAEXAMPLE", "secret/with+chars", "session-token/xyz==")

# name, method, url (path and query as sent), headers, body, credentials, region
CASES = [
    ("put_with_body", "PUT", "https://examplebucket.s3.amazonaws.com/test%24file.text",
     {"Content-Type": "text/plain; charset=utf-8", "x-amz-server-side-encryption": "AES256"},
     b"Welcome to Amazon S3.", KEY, "us-east-1"),
    ("get_path_style", "GET", "http://127.0.0.1:4569/bucket/prefix/key.json", {}, b"", KEY, "eu-west-1"),
    ("head", "HEAD", "https://bucket.s3.eu-west-3.amazonaws.com/k", {}, b"", KEY, "eu-west-3"),
    ("key_needing_encoding", "PUT", "http://localhost:9000/bucket/a%20b/%C3%BC%2Bx",
     {"Content-Type": "text/plain; charset=utf-8"}, "h\u00e9".encode(), KEY, "us-east-1"),
    ("session_token", "GET", "https://s3.us-west-2.amazonaws.com/bucket/k", {}, b"", TOKEN_KEY, "us-west-2"),
    ("location_query", "GET", "https://bucket.s3.amazonaws.com/?location", {}, b"", KEY, "us-east-1"),
    ("sorted_query", "GET", "https://s3.amazonaws.com/bucket?prefix=a%20b&list-type=2&delimiter=%2F", {}, b"",
     KEY, "us-east-1"),
]


def main():
    for name, method, url, headers, body, credentials, region in CASES:
        request = AWSRequest(method=method, url=url, headers=dict(headers), data=body)
        with mock.patch.object(botocore.auth, "get_current_datetime", return_value=AT):
            botocore.auth.S3SigV4Auth(credentials, "s3", region).add_auth(request)
        print(name, "payload", hashlib.sha256(body).hexdigest())
        for header in ("Authorization", "X-Amz-Date", "X-Amz-Content-SHA256", "X-Amz-Security-Token"):
            if header in request.headers:
                print(" ", header + ":", request.headers[header])


if __name__ == "__main__":
    main()
