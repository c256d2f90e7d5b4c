#!/usr/bin/env python3
"""Misbehaving peers for bench/edges.sh, all on 127.0.0.1.

  faulty_peers.py fhir-huge PORT          a FHIR server whose every search answers a 50 MB Bundle (chunked)
  faulty_peers.py fhir-trickle PORT       a FHIR server that sends its headers, then one byte every 200 ms
  faulty_peers.py slow-bodies PORT N SEC  N clients that send a hook call's headers, then one body byte a second
"""
import socket
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Huge(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        entry = b'{"resource":{"resourceType":"Condition","id":"c","subject":{"reference":"Patient/pat-jia-10"}}},'
        chunk = entry * 10_000  # about 1 MB
        try:
            self.chunk(b'{"resourceType":"Bundle","type":"searchset","entry":[')
            for _ in range(50):
                self.chunk(chunk)
            self.chunk(entry[:-1] + b"]}")
            self.wfile.write(b"0\r\n\r\n")
        except (BrokenPipeError, ConnectionResetError):
            pass

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))

    def log_message(self, *args):
        pass


class Trickle(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "application/fhir+json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(100000):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(0.2)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, *args):
        pass


def slow_bodies(port, count, seconds):
    sockets = []
    for _ in range(count):
        s = socket.create_connection(("127.0.0.1", port))
        s.sendall(b"POST /cds-services/jia-spine-followup-order-select HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  b"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{")
        sockets.append(s)
    for _ in range(seconds):
        time.sleep(1)
        for s in sockets:
            try:
                s.sendall(b" ")
            except OSError:
                pass
    for s in sockets:
        s.close()


if __name__ == "__main__":
    mode, port = sys.argv[1], int(sys.argv[2])
    if mode == "slow-bodies":
        slow_bodies(port, int(sys.argv[3]), int(sys.argv[4]))
    else:
        server = ThreadingHTTPServer(("127.0.0.1", port), Huge if mode == "fhir-huge" else Trickle)
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        threading.Event().wait()
