#!/usr/bin/env python3
"""Prints, as JSON, requests signed by botocore's SigV4 signer (the AWS SDK's)
at a fixed time, for the server's SigV4 verifier tests.

Each request: name, method, host, path, query, headers (as signed, plus Host),
body, the key that signed it and the region it was signed for.
"""
import datetime
import hashlib
import json

import botocore.auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

SIGNED_AT = datetime.datetime(2026, 11, 28, 10, 12, 3)
botocore.auth.get_current_datetime = lambda *args, **kwargs: SIGNED_AT

KEY = ("AKIDSERVERTEST", "server-test-secret/+=", None)
TEMPORARY = ("ASIASERVERTEST", "temporary-secret", "FwoGZXIvYXdzEXAMPLE+token/=" + "T" * 300)


def sign(name, key, body, host="127.0.0.1:4000", path="/", query="", extra_headers=None, region="us-east-1"):
    headers = {
        "Content-Type": "application/x-amz-json-1.0",
        "X-Amz-Target": "SimpleWorkflowService.ListDomains",
    }
    headers.update(extra_headers or {})
    url = "http://" + host + path + ("?" + query if query else "")
    request = AWSRequest(method="POST", url=url, data=body.encode("utf-8"), headers=headers)
    botocore.auth.SigV4Auth(Credentials(*key), "swf", region).add_auth(request)
    signed = [[k, v] for k, v in request.headers.items()]
    signed.append(["Host", host])
    return {
        "name": name,
        "method": "POST",
        "path": path,
        "query": query,
        "headers": signed,
        "body": body,
        "access_key_id": key[0],
        "secret_access_key": key[1],
        "session_token": key[2],
        "region": region,
        "signed_at": SIGNED_AT.replace(tzinfo=datetime.timezone.utc).timestamp(),
    }


def main():
    requests = [
        sign("plain", KEY, '{"registrationStatus":"REGISTERED"}'),
        sign("session token", TEMPORARY, '{"registrationStatus":"REGISTERED"}'),
        sign("large non-ASCII body", KEY, '{"input":"' + "é☃" * 800 + '"}'),
        sign("query string", KEY, "{}", query="b=2&a=1&c=x%20y&a=0"),
        sign("spaces in a header", KEY, "{}", extra_headers={"X-Amz-Meta-Note": "  a   b  "}),
        sign("default port", KEY, "{}", host="swf.local"),
        sign("other region", KEY, "{}", region="eu-west-3"),
        sign("payload hash header", KEY, '{"name":"mine"}',
             extra_headers={"X-Amz-Content-Sha256": hashlib.sha256(b'{"name":"mine"}').hexdigest()}),
    ]
    print(json.dumps(requests))


if __name__ == "__main__":
    main()
