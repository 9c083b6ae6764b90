#!/usr/bin/env python3
"""Validates SWF requests against botocore's model of the SWF API.

  validate_requests.py FILE

FILE holds one JSON object a line: {"operation": "ListDomains", "request":
{...}}. Each request is checked by botocore's own parameter validation
against the operation's input shape (unknown fields, missing required
fields, types, minimum lengths). Prints one line per request; exits 0 when
all are valid (and there is at least one), 1 otherwise.
"""
import json
import sys

import botocore.session
from botocore.validate import ParamValidator


def main():
    model = botocore.session.get_session().get_service_model("swf")
    with open(sys.argv[1], encoding="utf-8") as f:
        records = [json.loads(line) for line in f if line.strip()]
    if not records:
        print("no requests")
        return 1
    failed = 0
    for record in records:
        operation = record["operation"]
        if operation not in model.operation_names:
            print(f"{operation}: not an SWF operation")
            failed += 1
            continue
        report = ParamValidator().validate(record["request"], model.operation_model(operation).input_shape)
        if report.has_errors():
            print(f"{operation}: INVALID\n  {report.generate_report()}\n  {json.dumps(record['request'])}")
            failed += 1
        else:
            print(f"{operation}: OK")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
