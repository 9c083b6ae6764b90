#!/usr/bin/env python3
"""A fake SWF endpoint for the HTTP client's tests, on 127.0.0.1.

Prints the port it listens on as the first line of standard output, then
serves until SIGTERM. Every request is appended to --log (one JSON object a
line: method, path, headers as [name, value] pairs in the order received,
body, the operation from X-Amz-Target, and the status answered) and flushed
before the answer is sent, so a client that has its answer finds its request
in the log.

  --failures N --error KIND   the first N requests are answered with KIND:
      throttling        HTTP 400 {"__type": "...#ThrottlingException", ...}
      unavailable       HTTP 503 with an HTML page
      unknown-resource  HTTP 400 {"__type": "...#UnknownResourceFault", ...}
  --stall OP[,OP...]          never answer these operations: the connection
                              is held open until the client gives up.
Other requests succeed with a small valid answer for their operation; with
--empty-body, operations that return nothing are answered with an empty body
(as moto does) instead of "{}".
"""
import argparse
import json
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

ERRORS = {
    "throttling": (
        400,
        "application/x-amz-json-1.0",
        json.dumps({"__type": "com.amazon.coral.availability#ThrottlingException", "message": "Rate exceeded"}),
    ),
    "unavailable": (503, "text/html", "<html><body><h1>503 Service Unavailable</h1></body></html>"),
    "unknown-resource": (
        400,
        "application/x-amz-json-1.0",
        json.dumps(
            {"__type": "com.amazonaws.swf.base.model#UnknownResourceFault", "message": "Unknown domain: flaky"}
        ),
    ),
}

SUCCESS = {
    "ListDomains": {"domainInfos": [{"name": "flaky", "status": "REGISTERED"}]},
    "DescribeDomain": {
        "domainInfo": {"name": "flaky", "status": "REGISTERED"},
        "configuration": {"workflowExecutionRetentionPeriodInDays": "30"},
    },
    "StartWorkflowExecution": {"runId": "run-1"},
    "PollForActivityTask": {},
    "PollForDecisionTask": {},
}


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--failures", type=int, default=0)
    parser.add_argument("--error", choices=sorted(ERRORS), default="throttling")
    parser.add_argument("--stall", default="", help="comma-separated operations never answered")
    parser.add_argument("--log", help="file that receives one JSON line per request")
    parser.add_argument("--empty-body", action="store_true", help="answer operations without output with no body")
    args = parser.parse_args()
    stalled = set(filter(None, args.stall.split(",")))
    lock = threading.Lock()
    state = {"requests": 0}
    stop = threading.Event()
    log = open(args.log, "a", encoding="utf-8") if args.log else None

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"  # keep-alive, and 100-continue for large bodies
        # Headers and body go out in two writes: without this, each answer on
        # a kept-alive connection waits ~40 ms for the client's delayed ACK.
        disable_nagle_algorithm = True

        def log_message(self, *_):
            pass

        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8", "replace")
            target = self.headers.get("X-Amz-Target", "")
            operation = target.split(".", 1)[1] if "." in target else target
            with lock:
                state["requests"] += 1
                number = state["requests"]
            if operation in stalled:
                status = 0
            elif number <= args.failures:
                status, content_type, text = ERRORS[args.error]
            else:
                status, content_type = 200, "application/x-amz-json-1.0"
                text = json.dumps(SUCCESS.get(operation, {}))
                if args.empty_body and operation not in SUCCESS:
                    text = ""
            if log:
                record = {
                    "method": self.command,
                    "path": self.path,
                    "headers": [[name, value] for name, value in self.headers.items()],
                    "body": body,
                    "operation": operation,
                    "status": status,
                }
                with lock:
                    log.write(json.dumps(record) + "\n")
                    log.flush()
            if status == 0:
                stop.wait()  # until the server stops; the client times out first
                return
            data = text.encode()
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("x-amzn-RequestId", f"request-{number}")
            self.end_headers()
            self.wfile.write(data)

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True

    def terminate(*_):
        stop.set()
        raise SystemExit(0)

    signal.signal(signal.SIGTERM, terminate)
    signal.signal(signal.SIGINT, terminate)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    finally:
        stop.set()
        server.server_close()


if __name__ == "__main__":
    main()
