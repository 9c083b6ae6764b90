#!/usr/bin/env python3
"""A small S3 look-alike that fails on purpose, for the S3 store's retry and
redirect tests, on 127.0.0.1.

Keeps objects in memory (PUT, GET, HEAD on /<bucket>/<key>, path-style).
Prints its port as the first line of standard output, then serves until
SIGTERM or SIGINT.

  --fail N           the first N object requests get --fail-status with S3
                     error --fail-code (default 503 SlowDown)
  --region R         the bucket lives in R: requests signed for another
                     region get a 301 PermanentRedirect (or, with
                     --redirect-status 400, AuthorizationHeaderMalformed),
                     with x-amz-bucket-region: R
  --key ID:SECRET    check each request's SigV4 signature as botocore makes
                     it (S3SigV4Auth, re-signed at the request's X-Amz-Date);
                     a mismatch gets 403 SignatureDoesNotMatch
  GET /__log         a JSON list of the requests received: method, path,
                     headers (names lower-cased), signed region
"""
import argparse
import datetime
import hashlib
import json
import re
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def botocore_authorization(key, method, path, headers, body, region):
    """The Authorization header botocore's S3SigV4Auth gives this request."""
    from unittest import mock

    import botocore.auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    key_id, secret = key.split(":", 1)
    signed = re.search(r"SignedHeaders=([^,\s]+)", headers.get("authorization", ""))
    names = signed.group(1).split(";") if signed else ["host"]
    sent = {name: headers[name] for name in names if name in headers and name != "x-amz-date"}
    request = AWSRequest(method=method, url="http://" + headers.get("host", "") + path, headers=sent, data=body)
    at = datetime.datetime.strptime(headers.get("x-amz-date", "19700101T000000Z"), "%Y%m%dT%H%M%SZ")
    token = headers.get("x-amz-security-token")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=at):
        botocore.auth.S3SigV4Auth(Credentials(key_id, secret, token), "s3", region or "us-east-1").add_auth(request)
    return request.headers["Authorization"]


def error_body(code, message):
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f"<Error><Code>{code}</Code><Message>{message}</Message><RequestId>flaky</RequestId></Error>"
    ).encode()


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        self.failures_left = args.fail
        self.objects = {}
        self.log = []


def make_handler(state):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass

        def reply(self, status, body=b"", headers=None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            if body and self.command != "HEAD":
                self.send_header("Content-Type", "application/xml")
            if "Content-Length" not in (headers or {}):
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def handle_any(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length) if length else b""
            if self.path == "/__log":
                with state.lock:
                    data = json.dumps(state.log).encode()
                return self.reply(200, data)
            match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/", self.headers.get("Authorization", ""))
            signed_region = match.group(1) if match else None
            with state.lock:
                state.log.append(
                    {
                        "method": self.command,
                        "path": self.path,
                        "headers": {k.lower(): v for k, v in self.headers.items()},
                        "signed_region": signed_region,
                        "body_size": len(body),
                    }
                )
                fail = state.failures_left > 0
                if fail:
                    state.failures_left -= 1
            if state.args.region and signed_region != state.args.region:
                region = {"x-amz-bucket-region": state.args.region}
                if state.args.redirect_status == 400:
                    return self.reply(
                        400,
                        error_body(
                            "AuthorizationHeaderMalformed",
                            f"the region '{signed_region}' is wrong; expecting '{state.args.region}'",
                        ),
                        region,
                    )
                return self.reply(301, error_body("PermanentRedirect", "use the bucket's endpoint"), region)
            if state.args.key:
                headers = {k.lower(): v for k, v in self.headers.items()}
                expected = botocore_authorization(state.args.key, self.command, self.path, headers, body, signed_region)
                if headers.get("authorization") != expected:
                    return self.reply(403, error_body("SignatureDoesNotMatch", "botocore signs it otherwise"))
            if fail:
                return self.reply(state.args.fail_status, error_body(state.args.fail_code, "Please reduce your request rate."))
            sent_hash = self.headers.get("x-amz-content-sha256")
            if sent_hash != hashlib.sha256(body).hexdigest():
                return self.reply(400, error_body("XAmzContentSHA256Mismatch", "the payload hash is wrong"))
            if self.command == "PUT":
                with state.lock:
                    state.objects[self.path] = body
                return self.reply(200)
            with state.lock:
                content = state.objects.get(self.path)
            if content is None:
                return self.reply(404, error_body("NoSuchKey", "The specified key does not exist."))
            headers = {"Content-Length": str(len(content)), "Content-Type": "text/plain"}
            self.send_response(200)
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            if self.command == "GET":
                self.wfile.write(content)

        do_GET = do_PUT = do_HEAD = handle_any

    return Handler


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--fail", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--fail-code", default="SlowDown")
    parser.add_argument("--region")
    parser.add_argument("--key", help="ID:SECRET: check signatures")
    parser.add_argument("--redirect-status", type=int, default=301, choices=[301, 400])
    args = parser.parse_args()

    server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(State(args)))
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    sys.stdout.write(f"{server.server_address[1]}\n")
    sys.stdout.flush()
    stop.wait()
    server.shutdown()


if __name__ == "__main__":
    main()
