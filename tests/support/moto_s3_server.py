#!/usr/bin/env python3
"""Runs moto's S3 (an AWS emulator) with IAM authentication, for the tests,
on 127.0.0.1.

Creates an IAM user allowed s3:* and, with that user's key, the buckets
given. Prints the port it listens on as the first line of standard output and
the user's "ACCESS_KEY_ID SECRET" as the second, then serves until SIGTERM
or SIGINT. Every request must be signed with that key (moto checks SigV4
once its unauthenticated actions are used up).

  moto_s3_server.py --bucket jumbo [--bucket other]
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
    parser.add_argument("--bucket", action="append", default=[], help="a bucket to create (repeatable)")
    args = parser.parse_args()

    os.environ["INITIAL_NO_AUTH_ACTION_COUNT"] = str(AUTH_FREE_ACTIONS)
    # Credentials for the script's own boto3 clients; never real ones.
    for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN", "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3"):
        os.environ.pop(name, None)
    os.environ["AWS_ACCESS_KEY_ID"] = "testing"
    os.environ["AWS_SECRET_ACCESS_KEY"] = "testing"
    os.environ["AWS_DEFAULT_REGION"] = "us-east-1"

    import boto3
    from botocore.config import Config
    from moto.server import ThreadedMotoServer

    # One line per request on standard error drowns the tests' output.
    logging.getLogger("werkzeug").setLevel(logging.WARNING)

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    port = server.get_host_and_port()[1]
    endpoint = f"http://127.0.0.1:{port}"

    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())

    iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1")
    iam.create_user(UserName="s3user")
    key = iam.create_access_key(UserName="s3user")["AccessKey"]
    iam.put_user_policy(
        UserName="s3user",
        PolicyName="s3",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": ["s3:*"], "Resource": "*"}]}
        ),
    )
    s3 = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=key["AccessKeyId"],
        aws_secret_access_key=key["SecretAccessKey"],
        config=Config(s3={"addressing_style": "path"}),
    )
    for bucket in args.bucket:
        s3.create_bucket(Bucket=bucket)

    sys.stdout.write(f"{port}\n{key['AccessKeyId']} {key['SecretAccessKey']}\n")
    sys.stdout.flush()
    stop.wait()
    server.stop()


if __name__ == "__main__":
    main()
