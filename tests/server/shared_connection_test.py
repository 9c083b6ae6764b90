#!/usr/bin/env python3
"""Two processes on one keep-alive connection, as Python simpleflow's
supervisors leave them: a boto3 client makes a call, then the process forks
twice, and both children alternate long polls and DescribeDomain calls with
the inherited client. On plain HTTP their requests and answers interleave; the
server must drop such a connection (as a TLS endpoint does, whose records
would not decrypt) so that boto3 retries on connections of its own, and never
answer one process's request to the other. Every child must get the right
answer to every call, in time.

    shared_connection_test.py --server build/bin/simpleflow [--tls] [--runs N]
"""
import argparse
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(HERE, "..", "support"))
sys.dont_write_bytecode = True

import boto3  # noqa: E402
import botocore.config  # noqa: E402

from test_certificates import make_test_certificates  # noqa: E402

DOMAIN = "shared"


def child(client, number, rounds, exact):
    """Returns the problems this child met."""
    problems = []
    for index in range(rounds):
        try:
            if index % 2 == 0:
                answer = client.poll_for_activity_task(domain=DOMAIN, taskList={"name": f"idle-{number}"})
                if exact and ("domainInfo" in answer or answer.get("taskToken")):
                    problems.append(f"round {index}: a poll got another call's answer: {answer}")
            else:
                answer = client.describe_domain(name=DOMAIN)
                if exact and answer.get("domainInfo", {}).get("name") != DOMAIN:
                    problems.append(f"round {index}: DescribeDomain got another call's answer: {answer}")
        except Exception as error:  # noqa: BLE001: any failure is the finding
            problems.append(f"round {index}: {type(error).__name__}: {error}")
    return problems


def run_once(endpoint, verify, rounds, deadline, exact):
    config = botocore.config.Config(read_timeout=20, connect_timeout=5)
    client = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x", region_name="us-east-1").client(
        "swf", endpoint_url=endpoint, config=config, verify=verify)
    client.describe_domain(name=DOMAIN)  # the connection both children inherit
    pids = []
    for number in range(2):
        read_end, write_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(read_end)
            problems = child(client, number, rounds, exact)
            os.write(write_end, "\n".join(problems).encode())
            os._exit(1 if problems else 0)
        os.close(write_end)
        pids.append((pid, read_end))
    failures = []
    for pid, read_end in pids:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                failures.append(f"child {pid} hung")
                status = None
                break
            time.sleep(0.05)
        report = os.read(read_end, 1 << 20).decode()
        os.close(read_end)
        if status is not None and status != 0:
            failures.append(f"child {pid}: {report}")
    return failures


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--server", required=True)
    parser.add_argument("--tls", action="store_true")
    parser.add_argument("--runs", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=12)
    args = parser.parse_args()

    work = tempfile.mkdtemp(prefix="shared-connection-")
    command = [args.server, "server", "--listen", "127.0.0.1:0", "--data-dir", os.path.join(work, "data"),
               "--long-poll-seconds", "0.3"]
    verify = None
    if args.tls:
        ca, certificate, key = make_test_certificates(os.path.join(work, "tls"))
        command += ["--tls-cert", certificate, "--tls-key", key]
        verify = ca
    server = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=open(os.path.join(work, "server.log"), "wb"))
    try:
        port = int(server.stdout.readline())
        endpoint = f"{'https' if args.tls else 'http'}://127.0.0.1:{port}"
        setup = boto3.session.Session(aws_access_key_id="x", aws_secret_access_key="x",
                                      region_name="us-east-1").client("swf", endpoint_url=endpoint, verify=verify)
        setup.register_domain(name=DOMAIN, workflowExecutionRetentionPeriodInDays="1")
        failures = []
        for run in range(args.runs):
            for failure in run_once(endpoint, verify, args.rounds, time.monotonic() + 90, exact=True):
                failures.append(f"run {run}: {failure}")
        if failures:
            print("\n".join(failures), file=sys.stderr)
            return 1
        print(f"{args.runs} runs of 2 processes x {args.rounds} calls on one shared connection: all answered right")
        return 0
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(30)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
