#!/usr/bin/env python3
"""Python simpleflow's jumbo field rules (simpleflow/format.py, as the
reference describes them), for the compatibility tests, against an S3
endpoint with boto3.

  python_format.py read SIGNATURE        prints {"size_word", "length", "text"}
  python_format.py write BUCKET[/PREFIX] prints the signature of stdin's text

Environment: AWS_ENDPOINT_URL_S3, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY.
"""
import json
import os
import sys
import uuid

import boto3
from botocore.config import Config

PREFIX = "simpleflow+s3://"


def client():
    return boto3.client(
        "s3",
        endpoint_url=os.environ["AWS_ENDPOINT_URL_S3"],
        region_name="us-east-1",
        config=Config(s3={"addressing_style": "path"}),
    )


def read(signature):
    # Python splits on whitespace into exactly two words, then takes the
    # bucket up to the first slash.
    location, size_word = signature.split()
    bucket, path = location.replace(PREFIX, "").split("/", 1)
    text = client().get_object(Bucket=bucket, Key=path)["Body"].read().decode()
    print(json.dumps({"size_word": size_word, "length": len(text), "text": text}))


def write(bucket_with_dir):
    message = sys.stdin.read()
    bucket_with_dir = bucket_with_dir.rstrip("/")
    if "/" in bucket_with_dir:
        bucket, directory = bucket_with_dir.split("/", 1)
        path = f"{directory}/{uuid.uuid4()}"
    else:
        bucket, path = bucket_with_dir, str(uuid.uuid4())
    client().put_object(Bucket=bucket, Key=path, Body=message.encode())
    print(f"{PREFIX}{bucket}/{path} {len(message)}")


if __name__ == "__main__":
    {"read": read, "write": write}[sys.argv[1]](sys.argv[2])
