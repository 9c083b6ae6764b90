#!/usr/bin/env python3
"""Runs moto's server (an AWS emulator) for the tests, on 127.0.0.1.

Prints the port it listens on as the first line of standard output, then
serves until SIGTERM or SIGINT.

  --auth   turns on moto's IAM authentication: the script creates, through
           its own server, an IAM user allowed swf:* and prints its
           "ACCESS_KEY_ID SECRET" as a second line. Requests signed with
           anything else are refused.
"""
import argparse
import json
import logging
import os
import signal
import sys
import threading

# The IAM calls that create the user and its key (CreateUser,
# CreateAccessKey, PutUserPolicy) are the only unauthenticated ones; moto
# reads this when it is imported.
AUTH_FREE_ACTIONS = 3


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--auth", action="store_true", help="require IAM authentication")
    args = parser.parse_args()

    if args.auth:
        os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(AUTH_FREE_ACTIONS)
    else:
        os.environ.pop("INITIAL_NO_AUTH_ACTION_COUNT", None)
    # Credentials for the script's own boto3 client; never real ones.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"):
        os.environ.pop(name, None)
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ.setdefault("AWS_DEFAULT_REGION", "us-east-1")

    from moto.server import ThreadedMotoServer

    # One line per request on standard error drowns the tests' output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    lines = [str(port)]
    if args.auth:
        import boto3

        iam = boto3.client(
            "iam",
            endpoint_url=f"http://127.0.0.1:{port}",
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        iam.create_user(UserName="swfuser")
        key = iam.create_access_key(UserName="swfuser")["AccessKey"]
        iam.put_user_policy(
            UserName="swfuser",
            PolicyName="p",
            PolicyDocument=json.dumps(
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["swf:*"], "Resource": "*"}]}
            ),
        )
        lines.append(f"{key['AccessKeyId']} {key['SecretAccessKey']}")

    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
