"""A local stand-in of the WhatsApp Cloud API over real HTTP, for tests and the demo.

POST /<phone-number-id>/messages stores the message and answers as the Graph API does;
GET /sent lists what was sent; DELETE /sent forgets it. Run: python -m ilp.outreach.whatsapp_stub --port 8092
"""

import argparse
import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Handler(BaseHTTPRequestHandler):
    def log_message(self, *args):  # quiet in tests
        pass

    def _reply(self, status: int, body: dict) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):  # noqa: N802 (http.server's naming)
        length = int(self.headers.get("Content-Length", 0))
        message = json.loads(self.rfile.read(length) or b"{}")
        if not self.path.endswith("/messages") or not self.headers.get("Authorization", "").startswith("Bearer "):
            self._reply(400, {"error": {"message": "Bad request", "code": 100}})
            return
        self.server.sent.append(message)
        self._reply(200, {"messaging_product": "whatsapp", "contacts": [{"input": message.get("to"), "wa_id": message.get("to")}],
                          "messages": [{"id": f"wamid.{uuid.uuid4().hex}"}]})

    def do_GET(self):  # noqa: N802
        self._reply(200, {"sent": self.server.sent} if self.path == "/sent" else {"error": "not found"})

    def do_DELETE(self):  # noqa: N802
        self.server.sent.clear()
        self._reply(200, {})


def start(port: int = 0) -> ThreadingHTTPServer:
    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.sent = []
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--port", type=int, default=8092)
    running = start(parser.parse_args().port)
    print(f"WhatsApp stand-in on http://127.0.0.1:{running.server_address[1]}")
    threading.Event().wait()
