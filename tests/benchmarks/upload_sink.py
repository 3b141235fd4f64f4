#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A minimal HTTP sink for the upload benchmark: answers 200 {} to any request after reading and
discarding its body in 1 MiB pieces (Content-Length or chunked), honours Expect: 100-continue,
and prints "port N" once listening on 127.0.0.1. Standard library only; stops on SIGTERM."""

import http.server
import json
import socketserver
import sys


class Sink(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def _drain(self):
        length = self.headers.get("Content-Length")
        if length is not None:
            left = int(length)
            while left > 0:
                piece = self.rfile.read(min(left, 1 << 20))
                if not piece:
                    break
                left -= len(piece)
            return
        if self.headers.get("Transfer-Encoding", "").lower() == "chunked":
            while True:
                size = int(self.rfile.readline().strip().split(b";")[0], 16)
                if size == 0:
                    self.rfile.readline()
                    return
                while size > 0:
                    size -= len(self.rfile.read(min(size, 1 << 20)))
                self.rfile.readline()

    def _answer(self):
        self._drain()
        body = json.dumps({}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_POST = do_PUT = do_GET = _answer

    def log_message(self, *args):
        pass


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True


if __name__ == "__main__":
    server = Server(("127.0.0.1", 0), Sink)
    print("port", server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        sys.exit(0)
