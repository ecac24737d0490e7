import os
import socket
from http.server import BaseHTTPRequestHandler, HTTPServer

from prometheus_client import generate_latest

LISTEN_HOST = os.environ.get("METRICS_HOST", "127.0.0.1")


class MetricsHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path != "/metrics":
            self.send_response(404)
            self.end_headers()
            return
        payload = generate_latest()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain; version=0.0.4")
        self.end_headers()
        self.wfile.write(payload)


def serve_metrics(port: int = 9100) -> None:
    server = HTTPServer((LISTEN_HOST, port), MetricsHandler)
    server.serve_forever()


def serve_debug_socket(port: int = 9200) -> None:
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("0.0.0.0", port))
    sock.listen(1)
    conn, _ = sock.accept()
    conn.sendall(b"debug console\n")
