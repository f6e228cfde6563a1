#!/usr/bin/env python3
"""Runs the Python client's tests against a real server (ctest: python_client).

    run_with_server.py ACTORGRAPH_BINARY

Creates a throw-away Sahel database (`init --sahel`), starts
`serve --http 127.0.0.1:0` on it, waits for the line that names the bound
port, runs `python3 -m unittest` over tests/python with ACTORGRAPH_URL set,
and stops the server. Exits with the tests' status.
"""
import os
import re
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT = os.path.join(HERE, "..", "..", "clients", "python")


def main():
    binary = sys.argv[1]
    with tempfile.TemporaryDirectory(prefix="ag-pytest-") as tmp:
        db = os.path.join(tmp, "db")
        subprocess.run([binary, "--db", db, "init", "--sahel"], check=True,
                       stdout=subprocess.DEVNULL)
        server = subprocess.Popen([binary, "--db", db, "serve", "--http", "127.0.0.1:0"],
                                  stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
        try:
            url = None
            for line in server.stdout:  # blocks until the server says where it listens
                m = re.match(r"http: listening on (http://\S+?)/?$", line.strip())
                if m:
                    url = m.group(1)
                    break
            if not url:
                print("the server exited without listening", file=sys.stderr)
                return 1
            env = dict(os.environ, ACTORGRAPH_URL=url,
                       PYTHONPATH=os.pathsep.join([CLIENT, os.environ.get("PYTHONPATH", "")]))
            return subprocess.run([sys.executable, "-m", "unittest", "discover", "-s", HERE,
                                   "-p", "test_*.py", "-v"], env=env).returncode
        finally:
            server.terminate()
            server.wait(timeout=60)


if __name__ == "__main__":
    sys.exit(main())
