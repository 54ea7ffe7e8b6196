#!/usr/bin/env python3
"""A forward HTTP proxy that behaves like DevTools' "Slow 3G" (400 ms round trip, 400 kbit/s each way) and counts the
bytes it carries. Chromium goes through it with --proxy-server; GET http://bench.control/reset zeroes the count and
GET http://bench.control/count answers it (JSON: requests, bytes down, bytes up).

    slow3g.py PORT [-v]
"""
import http.client, http.server, json, socketserver, sys, threading, time, urllib.parse

RTT, RATE = 0.4, 400_000 / 8  # seconds, bytes per second
VERBOSE = len(sys.argv) > 2 and sys.argv[2] == "-v"  # each request on stderr
lock = threading.Lock()
count = {"requests": 0, "down": 0, "up": 0}

class Proxy(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def handle_one(self):
        url = urllib.parse.urlsplit(self.path)
        if url.hostname == "bench.control":
            with lock:
                if url.path == "/reset":
                    count.update(requests=0, down=0, up=0)
                body = json.dumps(count).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        length = int(self.headers.get("Content-Length") or 0)
        payload = self.rfile.read(length) if length else None
        headers = {k: v for k, v in self.headers.items() if k.lower() not in ("proxy-connection", "connection", "keep-alive")}
        upstream = http.client.HTTPConnection(url.hostname, url.port or 80, timeout=120)
        upstream.request(self.command, (url.path or "/") + (("?" + url.query) if url.query else ""), body=payload, headers=headers)
        answer = upstream.getresponse()
        body = answer.read()
        up = len(self.requestline) + sum(len(k) + len(v) + 4 for k, v in self.headers.items()) + length
        head = [(k, v) for k, v in answer.getheaders() if k.lower() not in ("transfer-encoding", "connection", "keep-alive", "content-length")]
        down = 17 + sum(len(k) + len(v) + 4 for k, v in head) + len(body)
        time.sleep(RTT + up / RATE + down / RATE)
        if VERBOSE:
            print(f"{self.command} {url.path} {answer.status} {down} B", file=sys.stderr, flush=True)
        with lock:
            count["requests"] += 1
            count["down"] += down
            count["up"] += up
        self.send_response(answer.status, answer.reason)
        for k, v in head:
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        upstream.close()

    do_GET = do_POST = do_PUT = do_HEAD = handle_one

class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # Chromium's own background lookups and requests it abandons are not the page's

Server(("127.0.0.1", int(sys.argv[1])), Proxy).serve_forever()
