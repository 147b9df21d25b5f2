"""A local stand-in for the BPJS PCare participant service, over real HTTP.

GET /peserta/<13 digits> answers like PCare: 200 with `response.ketAktif` "AKTIF" or "TIDAK AKTIF",
404 when the card is unknown. Behaviour by card number, so tests and the demo can ask for each:
ending in 0-6 active, 7-8 inactive, 9 not found; a number starting with "9999" sleeps past any
client timeout. Run: `python -m ilp.stubs.bpjs_server --port 8091`.
"""

import argparse
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SLOW_PREFIX = "9999"
SLOW_SECONDS = 10


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):  # noqa: N802 (http.server's naming)
        parts = self.path.strip("/").split("/")
        if len(parts) != 2 or parts[0] != "peserta" or not parts[1].isdigit() or len(parts[1]) != 13:
            return self._send(400, {"metaData": {"code": 400, "message": "nomor kartu tidak valid"}})
        card = parts[1]
        if card.startswith(SLOW_PREFIX):
            time.sleep(SLOW_SECONDS)
        last = int(card[-1])
        if last == 9:
            return self._send(404, {"metaData": {"code": 404, "message": "Peserta tidak ditemukan"}})
        status = "AKTIF" if last <= 6 else "TIDAK AKTIF"
        return self._send(200, {"metaData": {"code": 200, "message": "OK"}, "response": {
            "noKartu": card, "nama": f"PESERTA {card[-4:]}", "ketAktif": status,
            "kdProviderPst": {"kdProvider": "0001R001", "nmProvider": "PUSKESMAS SITIUNG I"}}})

    def _send(self, code: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args):  # keep test output quiet
        pass


def start(port: int = 0) -> ThreadingHTTPServer:
    """Start the stand-in in a daemon thread; returns the server (its port in server_address)."""
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="BPJS PCare stand-in")
    parser.add_argument("--port", type=int, default=8091)
    args = parser.parse_args()
    ThreadingHTTPServer(("127.0.0.1", args.port), Handler).serve_forever()
