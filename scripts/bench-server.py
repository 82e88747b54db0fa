#!/usr/bin/env python3
"""Benchmark of `clauselint server` (not a test): latency of diagnostics after
a change, and the server's memory while a policy is edited.

    cargo build --release
    python3 scripts/bench-server.py PATH_TO_POLICY [--edits 1000] [--binary PATH]

Opens the policy (a copy, in a temporary folder with no clauselint.toml), then
sends EDITS full-text changes one after another, each a small edit at a
different place, and waits for the diagnostics of each. The debounce is set
to 0 through initializationOptions, so the time measured is the server's own:
from writing the change to reading its diagnostics. Prints p50/p95/max and
the resident memory (VmRSS) after the open, after 100 edits and at the end.
Python standard library only.
"""

import argparse
import json
import os
import select
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT_S = 30.0


class Client:
    """A minimal LSP client over the server's stdin and stdout."""

    def __init__(self, binary):
        self.proc = subprocess.Popen(
            [binary, "server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE
        )
        self.buffer = b""
        self.next_id = 0

    def send(self, message):
        message["jsonrpc"] = "2.0"
        body = json.dumps(message).encode()
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def notify(self, method, params):
        self.send({"method": method, "params": params})

    def request(self, method, params):
        self.next_id += 1
        request_id = self.next_id
        self.send({"id": request_id, "method": method, "params": params})
        return self.wait(lambda m: m.get("id") == request_id and "method" not in m)

    def wait(self, wanted):
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            message = self.read(deadline)
            if wanted(message):
                return message

    def read(self, deadline):
        fd = self.proc.stdout.fileno()
        while True:
            message = self.take()
            if message is not None:
                return message
            left = deadline - time.monotonic()
            ready, _, _ = select.select([fd], [], [], max(left, 0))
            if not ready:
                raise TimeoutError("no answer from the server")
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                raise EOFError("the server closed its output")
            self.buffer += chunk

    def take(self):
        head, sep, rest = self.buffer.partition(b"\r\n\r\n")
        if not sep:
            return None
        length = None
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.strip().lower() == b"content-length":
                length = int(value)
        if length is None or len(rest) < length:
            return None
        self.buffer = rest[length:]
        return json.loads(rest[:length])


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def percentile(sorted_values, p):
    index = min(len(sorted_values) - 1, round(p / 100 * (len(sorted_values) - 1)))
    return sorted_values[index]


def edited(text, i):
    """The text with edit number i: a word inserted at a place that moves
    through the document, every other edit taking the previous one back,
    so the size stays the same and each text differs from the last."""
    at = (i // 2 * 7919) % len(text)
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return text if i % 2 else text[:at] + "carefully " + text[at:]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("policy", type=Path)
    parser.add_argument("--edits", type=int, default=1000)
    default_binary = Path(__file__).resolve().parent.parent / "target/release/clauselint"
    parser.add_argument("--binary", type=Path, default=default_binary)
    args = parser.parse_args()
    if not args.binary.is_file():
        sys.exit(f"{args.binary} not found: run `cargo build --release` first")

    folder = Path(tempfile.mkdtemp(prefix="clauselint-bench-"))
    try:
        path = folder / args.policy.name
        shutil.copyfile(args.policy, path)
        text = path.read_text(encoding="utf-8", errors="replace")
        run(args, path, text)
    finally:
        shutil.rmtree(folder)


def run(args, path, text):
    client = Client(str(args.binary))
    pid = client.proc.pid
    client.request(
        "initialize",
        {
            "processId": os.getpid(),
            "rootUri": None,
            "capabilities": {},
            "initializationOptions": {"debounceMs": 0},
        },
    )
    client.notify("initialized", {})
    uri = path.as_uri()
    language = {".md": "markdown", ".html": "html", ".htm": "html"}.get(path.suffix, "plaintext")
    started = time.monotonic()
    client.notify(
        "textDocument/didOpen",
        {"textDocument": {"uri": uri, "languageId": language, "version": 1, "text": text}},
    )
    first = diagnostics_for(client, uri, 1)
    open_ms = (time.monotonic() - started) * 1000
    rss = {"open": rss_kib(pid)}
    latencies = []
    for i in range(args.edits):
        version = i + 2
        change = {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"text": edited(text, i)}],
        }
        sent = time.monotonic()
        client.notify("textDocument/didChange", change)
        diagnostics_for(client, uri, version)
        latencies.append((time.monotonic() - sent) * 1000)
        if i + 1 == 100:
            rss["100"] = rss_kib(pid)
    rss[str(args.edits)] = rss_kib(pid)
    client.request("shutdown", None)
    client.notify("exit", None)
    code = client.proc.wait(10)

    latencies.sort()
    print(f"policy: {args.policy} ({len(text.encode()):,} bytes, {len(first)} diagnostics)")
    print(f"first lint (open, rules compiled): {open_ms:.1f} ms")
    print(
        f"latency over {len(latencies)} edits: p50 {percentile(latencies, 50):.2f} ms, "
        f"p95 {percentile(latencies, 95):.2f} ms, max {latencies[-1]:.2f} ms"
    )
    print("RSS: " + ", ".join(f"{k}: {v / 1024:.1f} MiB" for k, v in rss.items()))
    print(f"server exit code: {code}")


def diagnostics_for(client, uri, version):
    message = client.wait(
        lambda m: m.get("method") == "textDocument/publishDiagnostics"
        and m["params"]["uri"] == uri
        and m["params"].get("version") == version
    )
    return message["params"]["diagnostics"]


if __name__ == "__main__":
    main()
