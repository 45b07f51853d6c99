#!/usr/bin/env python3
"""Client side of the `sockets` test program.

usage: socket_client.py PORT COMMAND...

Runs COMMAND (a runtime running sockets.wasm with a TCP listener on
127.0.0.1:PORT preopened), connects to 127.0.0.1:PORT (retrying while the
runtime starts), sends b"ping\\n", reads until EOF and expects b"pong\\n".
Exits with the program's exit code if the exchange succeeded (so 77 still
means "skipped"), 1 if it did not, 2 if it could not connect. Everything is
bounded in time: 10 s to connect, 20 s for the program to finish.
"""
import socket
import subprocess
import sys
import time


def main(argv):
    port, cmd = int(argv[0]), argv[1:]
    proc = subprocess.Popen(cmd)
    deadline = time.time() + 10
    while True:
        try:
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            break
        except OSError:
            if proc.poll() is not None:
                # The program ended without accepting (e.g. it skipped).
                return proc.returncode
            if time.time() > deadline:
                print("socket_client: could not connect", file=sys.stderr)
                proc.kill()
                return 2
            time.sleep(0.05)
    with sock:
        sock.sendall(b"ping\n")
        data = b""
        try:
            while len(data) < 64:
                chunk = sock.recv(64)
                if not chunk:
                    break
                data += chunk
        except OSError as e:
            print(f"socket_client: {e}", file=sys.stderr)
    try:
        rc = proc.wait(timeout=20)
    except subprocess.TimeoutExpired:
        proc.kill()
        print("socket_client: program did not finish", file=sys.stderr)
        return 1
    print(f"socket_client: received {data!r}", file=sys.stderr)
    if data != b"pong\n":
        return 1
    return rc


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
