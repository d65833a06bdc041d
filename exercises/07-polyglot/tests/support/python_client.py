#!/usr/bin/env python3
"""A Python program that uses the learner's JSON-RPC server, as a service written in
another language would: it starts `node --import tsx <entry file>`, writes one request
per line, closes stdin, reads the answer lines and checks them with Python's own
int (arbitrary precision), datetime and base64. Standard library only.

Usage: python_client.py <node> <entry file> <seed>
Prints one JSON object: {"checks": [{"check", "ok", "detail"}], "stderr"}.
"""
import base64
import json
import random
import subprocess
import sys
from datetime import datetime, timedelta, timezone

# Start-up included; a correct server needs well under a second once started.
EXIT_PATIENCE_S = 8
CHARACTERS = ["a", "Z", " ", '"', "\\", "é", "ß", "Ω", "€", "中", "ह", "😀", "🚀", "𝄞"]


def utc_from_rfc3339(text):
    # datetime.fromisoformat reads "Z" only from Python 3.11 on.
    return datetime.fromisoformat(text[:-1] + "+00:00" if text.endswith(("Z", "z")) else text)


def plan(rng):
    """Returns the request lines and, per id, (check name, judge, request line); a judge returns a problem or None."""
    lines, expect = [], {}

    def call(check, method, params, judge, raw=None):
        rid = "py-%d" % (len(expect) + 1)
        lines.append(raw(rid) if raw else json.dumps({"jsonrpc": "2.0", "method": method, "params": params, "id": rid}, ensure_ascii=False))
        expect[rid] = (check, judge, lines[-1])

    def result_is(wanted):
        return lambda answer: None if answer.get("result") == wanted else "expected result %r" % (wanted,)

    call("subtract with positional params", "subtract", [42, 23], result_is(19))
    call("subtract with named params", "subtract", {"subtrahend": 23, "minuend": 42}, result_is(19))
    lines.append(json.dumps({"jsonrpc": "2.0", "method": "update", "params": [1, 2, 3, 4, 5]}))

    for _ in range(20):
        a, b = rng.randint(-(2**62), 2**62), rng.randint(-(2**62), 2**62)
        call("int64_add with big integers as strings (Python int is exact)", "int64_add", {"a": str(a), "b": str(b)}, result_is(str(a + b)))
    call(
        "int64_add refuses a JSON number beyond 2^53 with -32602",
        "int64_add",
        None,
        lambda answer: None if (answer.get("error") or {}).get("code") == -32602 else "expected error -32602 Invalid params: 9007199254740993 arrives rounded in JavaScript",
        raw=lambda rid: '{"jsonrpc": "2.0", "method": "int64_add", "params": {"a": 9007199254740993, "b": "0"}, "id": "%s"}' % rid,
    )

    for _ in range(20):
        text = "".join(rng.choice(CHARACTERS) for _ in range(rng.randint(1, 30)))
        call("utf8_length of text sent as raw UTF-8 (len(text.encode('utf-8')))", "utf8_length", {"text": text}, result_is(len(text.encode("utf-8"))))

    for _ in range(20):
        data = bytes(rng.randrange(256) for _ in range(rng.randint(0, 40)))
        call("reverse_bytes with base64 (base64.b64encode)", "reverse_bytes", {"data": base64.b64encode(data).decode()}, result_is(base64.b64encode(data[::-1]).decode()))

    for _ in range(20):
        offset = timezone(timedelta(minutes=15 * rng.randint(-48, 56)))
        at = datetime(rng.randint(1971, 2099), rng.randint(1, 12), rng.randint(1, 28), rng.randint(0, 23), rng.randint(0, 59), rng.randint(0, 59), rng.randrange(1_000_000), tzinfo=offset)
        seconds = rng.randint(-10**7, 10**7)
        # A JavaScript Date holds milliseconds: the microseconds beyond are cut.
        wanted = (at + timedelta(seconds=seconds)).replace(microsecond=at.microsecond // 1000 * 1000).astimezone(timezone.utc)

        def judge(answer, wanted=wanted):
            got = answer.get("result")
            if not isinstance(got, str) or not got.endswith("Z"):
                return "expected an RFC 3339 string in UTC ending in Z, the instant %s" % wanted.isoformat()
            return None if utc_from_rfc3339(got) == wanted else "expected the instant %s" % wanted.isoformat()

        call("add_seconds with datetime.isoformat() (offsets such as +05:30, +00:00)", "add_seconds", {"at": at.isoformat(), "seconds": seconds}, judge)

    batch_ids = ("py-batch-1", "py-batch-2")
    lines.append(json.dumps([
        {"jsonrpc": "2.0", "method": "sum", "params": [1, 2, 4], "id": batch_ids[0]},
        {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
        {"jsonrpc": "2.0", "method": "get_data", "id": batch_ids[1]},
    ]))
    return lines, expect, batch_ids


def main():
    node, entry, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    lines, expect, batch_ids = plan(random.Random(seed))
    server = subprocess.Popen([node, "--import", "tsx", entry], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8")
    try:
        stdout, stderr = server.communicate("\n".join(lines) + "\n", timeout=EXIT_PATIENCE_S)
        hung = False
    except subprocess.TimeoutExpired:
        server.kill()
        stdout, stderr = server.communicate()
        hung = True

    checks, seen, batches, strays = {}, set(), [], []
    for line in stdout.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            strays.append(line)
            continue
        if isinstance(message, list):
            batches.append(message)
            continue
        rid = message.get("id") if isinstance(message, dict) else None
        if rid not in expect or rid in seen:
            strays.append(line)
            continue
        seen.add(rid)
        name, judge, request = expect[rid]
        problem = judge(message)
        if problem and checks.get(name) is None:
            checks[name] = "%s\n      sent:     %s\n      answered: %s" % (problem, request, line)
        checks.setdefault(name, None)

    for rid, (name, _, request) in expect.items():
        if rid not in seen:
            checks[name] = checks.get(name) or "no answer came for %s" % request
    batch_problem = None
    if len(batches) != 1:
        batch_problem = "expected exactly one batch answer, got %d" % len(batches)
    else:
        answers = {entry.get("id"): entry.get("result") for entry in batches[0] if isinstance(entry, dict)}
        if len(batches[0]) != 2 or answers != {batch_ids[0]: 7, batch_ids[1]: ["hello", 5]}:
            batch_problem = "expected two entries (sum = 7 and get_data), none for the notification, got %s" % json.dumps(batches[0])
    checks["a batch of two calls and a notification, answers matched by id"] = batch_problem
    checks["no answer to the notification, nothing but answers on stdout"] = "unexpected lines on stdout: %s" % strays[:3] if strays else None
    if hung:
        checks["exit code 0 once stdin closes"] = "the server was still running %d s after its stdin closed" % EXIT_PATIENCE_S
    else:
        checks["exit code 0 once stdin closes"] = None if server.returncode == 0 else "exit code %s" % server.returncode

    print(json.dumps({
        "checks": [{"check": name, "ok": problem is None, "detail": problem} for name, problem in checks.items()],
        "stderr": stderr[-2000:],
    }, ensure_ascii=False))


if __name__ == "__main__":
    main()
