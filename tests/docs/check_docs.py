#!/usr/bin/env python3
"""Checks that the documentation tells the truth.

- A ```cpp block preceded by `<!-- snippet: PATH -->` must appear, line for
  line, in the file PATH of the repository.
- A ```console block preceded by `<!-- run -->` (or `<!-- run exit=N -->`) is
  run: each `$ ` line is a command, run from the repository root with
  `simpleflow` meaning the built binary; the lines that follow it, up to the
  next command, are its expected standard output; its exit code must be 0
  (or N).

Usage: check_docs.py REPO_ROOT SIMPLEFLOW_BINARY FILE.md...
"""
import os
import re
import shlex
import subprocess
import sys

MARKER = re.compile(r"<!--\s*(snippet|run)\s*:?\s*([^>]*?)\s*-->")


def blocks(text):
    """Yields (line number, marker kind, marker argument, fence language, body lines)."""
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        m = MARKER.fullmatch(lines[i].strip())
        if m and i + 1 < len(lines) and lines[i + 1].startswith("```"):
            language = lines[i + 1][3:].strip()
            end = i + 2
            while end < len(lines) and not lines[end].startswith("```"):
                end += 1
            yield i + 1, m.group(1), m.group(2), language, lines[i + 2:end]
            i = end
        i += 1


def check_snippet(root, where, path, body):
    try:
        with open(os.path.join(root, path), encoding="utf-8") as f:
            source = [line.rstrip() for line in f.read().split("\n")]
    except OSError as e:
        return [f"{where}: snippet file {path}: {e}"]
    wanted = [line.rstrip() for line in body]
    for start in range(len(source) - len(wanted) + 1):
        if source[start:start + len(wanted)] == wanted:
            return []
    return [f"{where}: this snippet is not in {path} as written:\n    " + "\n    ".join(wanted)]


def check_run(root, binary, where, argument, body):
    expected_exit = 0
    m = re.fullmatch(r"exit=(\d+)", argument)
    if m:
        expected_exit = int(m.group(1))
    errors = []
    commands = []
    for line in body:
        if line.startswith("$ "):
            commands.append([line[2:], []])
        elif commands:
            commands[-1][1].append(line)
    env = dict(os.environ, LOG_LEVEL="ERROR")
    for command, output in commands:
        argv = shlex.split(command)
        if argv and argv[0] == "simpleflow":
            argv[0] = binary
        else:
            argv[0] = os.path.join(root, argv[0])
        result = subprocess.run(argv, cwd=root, env=env, capture_output=True, text=True, timeout=120)
        expected = "\n".join(output).rstrip("\n")
        if result.returncode != expected_exit:
            errors.append(f"{where}: `{command}` exited with {result.returncode}, not {expected_exit}: {result.stderr}")
        if result.stdout.rstrip("\n") != expected:
            errors.append(f"{where}: `{command}` printed:\n{result.stdout}\nnot:\n{expected}")
    return errors


def main():
    root, binary, files = sys.argv[1], sys.argv[2], sys.argv[3:]
    errors = []
    checked = 0
    for path in files:
        with open(path, encoding="utf-8") as f:
            text = f.read()
        for line, kind, argument, language, body in blocks(text):
            where = f"{os.path.relpath(path, root)}:{line}"
            checked += 1
            if kind == "snippet":
                errors += check_snippet(root, where, argument, body)
            else:
                errors += check_run(root, binary, where, argument, body)
    for e in errors:
        print(e)
    print(f"{checked} documentation blocks checked, {len(errors)} problems")
    return 1 if errors or checked == 0 else 0


if __name__ == "__main__":
    sys.exit(main())
