#!/usr/bin/env python3
"""Conformance suite of simpleflow's embedded SWF-compatible server.

Drives the server with boto3 (and a few cases with the AWS CLI v2 at
/usr/bin/aws) and checks it behaves like Amazon SWF as documented.

  python3 run.py --server /work/main/build/bin/simpleflow [-k PATTERN ...]
      starts `simpleflow server --listen 127.0.0.1:0 --data-dir <fresh tmp dir>
      --long-poll-seconds 2` (a fresh one for each test module: SWF allows 100
      domains and each test registers its own), reads the port from the first
      stdout line, runs the cases, stops it with SIGTERM (it must exit 0).
  python3 run.py --server ... --tls
      the same, the servers speaking HTTPS with a certificate of a test CA made
      with openssl, which boto3 (verify=), the AWS CLI (--ca-bundle) and
      urllib check.
  python3 run.py --endpoint http://127.0.0.1:PORT [-k PATTERN]
      runs against a server that is already running (long poll unknown).
  python3 run.py --moto [-k PATTERN]
      starts `python3 -m moto.server` on a free port and runs against it, to
      debug the suite itself (moto lacks much of SWF: expect failures).

-k takes unittest's patterns (a substring of module.Class.test_name, or a
shell pattern); it may be repeated. Exit status: 0 when every case passes.
"""
import argparse
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.dont_write_bytecode = True  # no __pycache__ in the source tree

import common  # noqa: E402

sys.path.insert(0, os.path.join(HERE, "..", "..", "support"))
from test_certificates import make_test_certificates  # noqa: E402

MODULES = [
    "test_protocol",
    "test_registration",
    "test_executions",
    "test_tasks",
    "test_history",
    "test_cli",
    "test_server",
    "test_limits",
]


class ManagedServer:
    """The server process under test: started with a fresh data dir, stopped with SIGTERM."""

    def __init__(self, binary, data_dir, log_dir, long_poll, extra_args):
        self.binary = binary
        self.data_dir = data_dir
        self.log_dir = log_dir
        self.long_poll = long_poll
        self.extra_args = extra_args
        self.process = None
        self.endpoint = None
        self.starts = 0
        self.problems = []  # graceful-stop problems, reported at the end

    def command(self):
        command = [self.binary, "server", "--listen", "127.0.0.1:0", "--data-dir", self.data_dir]
        if self.long_poll is not None:
            command += ["--long-poll-seconds", str(self.long_poll)]
        return command + common.TLS_ARGS + self.extra_args

    def start(self, timeout=30):
        self.starts += 1
        self.log_path = os.path.join(self.log_dir, f"server-{self.starts}.log")
        log = open(self.log_path, "wb")
        self.process = subprocess.Popen(self.command(), stdout=subprocess.PIPE, stderr=log,
                                        stdin=subprocess.DEVNULL)
        first = []
        reader = threading.Thread(target=lambda: first.append(self.process.stdout.readline()), daemon=True)
        reader.start()
        reader.join(timeout)
        if not first or not first[0]:
            self.process.kill()
            self.process.wait()
            raise RuntimeError(f"the server printed no port within {timeout} s (exit status "
                               f"{self.process.returncode}); command {self.command()}; log:\n{self.log_tail()}")
        line = first[0].decode("utf-8", "replace").strip()
        if not line.isdigit():
            self.stop()
            raise RuntimeError(f"the server's first stdout line is {line!r}, expected just the port number")
        # Keep draining stdout so the server never blocks on a full pipe.

        def drain(stream=self.process.stdout, path=self.log_path + ".stdout"):
            with open(path, "wb") as out:
                shutil.copyfileobj(stream, out)
        threading.Thread(target=drain, daemon=True).start()
        port = int(line)
        # The port is printed once bound; still, give the server a moment to accept connections.
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if self.process.poll() is not None:
                    raise RuntimeError(f"the server exited (status {self.process.returncode}) after printing "
                                       f"its port; log:\n{self.log_tail()}")
                time.sleep(0.1)
        self.endpoint = f"{'https' if common.CA_BUNDLE else 'http'}://127.0.0.1:{port}"
        common.ENDPOINT = self.endpoint
        return self.endpoint

    def stop(self, timeout=15):
        """SIGTERM; returns the exit status (None when it had to be killed)."""
        if self.process is None or self.process.poll() is not None:
            return self.process.returncode if self.process else None
        self.process.send_signal(signal.SIGTERM)
        try:
            status = self.process.wait(timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
            self.problems.append(f"the server did not exit within {timeout} s of SIGTERM; killed")
            return None
        if status != 0:
            self.problems.append(f"the server exited with status {status} after SIGTERM; log:\n{self.log_tail()}")
        return status

    def restart(self):
        self.stop()
        return self.start()

    def log_tail(self, lines=30):
        try:
            with open(self.log_path, "rb") as log:
                return b"".join(log.readlines()[-lines:]).decode("utf-8", "replace")
        except OSError:
            return "(no log)"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_moto():
    port = free_port()
    log = open(os.path.join(tempfile.gettempdir(), f"moto-{port}.log"), "wb")
    process = subprocess.Popen([sys.executable, "-m", "moto.server", "-p", str(port)],
                               stdout=log, stderr=subprocess.STDOUT)
    endpoint = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(endpoint + "/moto-api/", timeout=1)
            break
        except Exception:
            time.sleep(0.1)
    return process, endpoint


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    target = parser.add_mutually_exclusive_group(required=True)
    target.add_argument("--server", help="the simpleflow binary (started as `BINARY server ...`)")
    target.add_argument("--endpoint", help="URL of an SWF endpoint that is already running")
    target.add_argument("--moto", action="store_true", help="start moto's server and run against it")
    parser.add_argument("-k", dest="patterns", action="append", help="only cases matching this pattern")
    parser.add_argument("--long-poll-seconds", type=float, default=None,
                        help="long poll given to the started server (default 2); with --endpoint, "
                             "the endpoint's long poll if known")
    parser.add_argument("--server-arg", action="append", default=[], help="extra argument for the server")
    parser.add_argument("--no-header-checks", action="store_true",
                        help="don't check Content-Type / x-amzn-RequestId of responses")
    parser.add_argument("--tls", action="store_true",
                        help="with --server: serve HTTPS with a test CA's certificate, which clients verify")
    parser.add_argument("--keep", action="store_true", help="keep the temporary data dir and logs")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("-f", "--failfast", action="store_true")
    args = parser.parse_args()

    common.HEADER_CHECKS = not args.no_header_checks
    moto = None
    work_dir = tempfile.mkdtemp(prefix="swf-conformance-")
    if args.tls and not args.server:
        parser.error("--tls needs --server")
    if args.tls:
        ca, certificate, key = make_test_certificates(os.path.join(work_dir, "tls"))
        common.CA_BUNDLE = ca
        common.TLS_ARGS = ["--tls-cert", certificate, "--tls-key", key]
    if args.server:
        binary = os.path.abspath(args.server)
        if args.long_poll_seconds is None:
            args.long_poll_seconds = 2
        long_poll = args.long_poll_seconds
        if float(long_poll).is_integer():
            long_poll = int(long_poll)

        def fresh_server():
            # One per test module: a fresh data dir each (see common.setUpModule).
            directory = tempfile.mkdtemp(prefix=f"server-{len(common.SERVERS) + 1}-", dir=work_dir)
            os.mkdir(os.path.join(directory, "data"))
            return ManagedServer(binary, os.path.join(directory, "data"), directory, long_poll, args.server_arg)

        # Fail fast when the binary cannot serve at all.
        probe = fresh_server()
        try:
            probe.start()
        except RuntimeError as error:
            print(f"FAILED to start the server: {error}", file=sys.stderr)
            return 2
        probe.stop()
        if probe.problems:
            print("FAIL: " + "\n".join(probe.problems), file=sys.stderr)
            return 2
        common.SERVER_FACTORY = fresh_server
        common.LONG_POLL_SECONDS = args.long_poll_seconds
        print(f"server: {probe.command()} (a fresh one per test module; logs and data under {work_dir})",
              file=sys.stderr)
    elif args.moto:
        moto, endpoint = start_moto()
        common.ENDPOINT = endpoint
        common.LONG_POLL_SECONDS = 0
        print(f"moto: {endpoint}", file=sys.stderr)
    else:
        common.ENDPOINT = args.endpoint.rstrip("/")
        common.LONG_POLL_SECONDS = args.long_poll_seconds  # None: unknown

    loader = unittest.TestLoader()
    if args.patterns:
        loader.testNamePatterns = [p if "*" in p else f"*{p}*" for p in args.patterns]
    suite = unittest.TestSuite()
    for name in MODULES:
        suite.addTests(loader.loadTestsFromName(name))
    runner = unittest.TextTestRunner(verbosity=2 if args.verbose else 1, failfast=args.failfast)
    started = time.monotonic()
    result = runner.run(suite)
    print(f"{common.CHECKED_RESPONSES[0]} responses checked against the SWF model in "
          f"{time.monotonic() - started:.1f} s", file=sys.stderr)

    # A pattern that selects nothing is a mistake, not a pass.
    ok = result.wasSuccessful() and result.testsRun > 0
    if result.testsRun == 0:
        print("no test matched the selection", file=sys.stderr)
    if args.server:
        for server in common.SERVERS:
            server.stop()
            for problem in server.problems:
                print(f"FAIL: {problem} (server with data in {server.data_dir})", file=sys.stderr)
                ok = False
        if not ok or args.keep:
            print(f"server logs and data kept in {work_dir}", file=sys.stderr)
        else:
            shutil.rmtree(work_dir, ignore_errors=True)
    else:
        shutil.rmtree(work_dir, ignore_errors=True)
    if moto:
        moto.terminate()
        moto.wait()
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
