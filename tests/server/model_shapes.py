#!/usr/bin/env python3
"""Summarizes the input shapes of botocore's SWF model, for request_schema_test.

  model_shapes.py

Prints one JSON object: {"operations": {NAME: [MEMBER, ...]}}, where the
members of each operation's input are listed depth first, in the model's
order, each as {"path", "shape", "type", "required", "min", "max", "enum"}.
Paths use Coral's form, the form the server's validator reports:
"decisions.1.member.startTimerDecisionAttributes.timerId" (a list's item is
"<list>.1.member"). "min" and "max" are lengths for strings and lists, values
for integers; absent when the model sets none.
"""
import json
import sys

import botocore.session


def members(shape, prefix, out):
    for name, member in shape.members.items():
        path = f"{prefix}.{name}" if prefix else name
        describe(member, path, name in shape.required_members, out)


def describe(shape, path, required, out):
    entry = {"path": path, "shape": shape.name, "type": shape.type_name, "required": required}
    for key in ("min", "max"):
        if key in shape.metadata:
            entry[key] = shape.metadata[key]
    if getattr(shape, "enum", None):
        entry["enum"] = list(shape.enum)
    out.append(entry)
    if shape.type_name == "structure":
        members(shape, path, out)
    elif shape.type_name == "list":
        describe(shape.member, f"{path}.1.member", False, out)


def main():
    model = botocore.session.get_session().get_service_model("swf")
    operations = {}
    for name in model.operation_names:
        out = []
        members(model.operation_model(name).input_shape, "", out)
        operations[name] = out
    json.dump({"operations": operations}, sys.stdout, indent=1)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
