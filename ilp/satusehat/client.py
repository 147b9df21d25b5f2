"""Talking to SATUSEHAT over HTTP: an OAuth token (cached until it expires), searches, creates and updates.

Failures come in two kinds: `Transient` (timeout, dropped connection, 5xx, 429) is tried again
later; `Refused` (any other 4xx) carries the platform's OperationOutcome and is not.
"""

import errno
import http.client
import socket
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

from .conf import Config
from .fhirjson import dumps, loads

NIK = "https://fhir.kemkes.go.id/id/nik"
NIK_IBU = "https://fhir.kemkes.go.id/id/nik-ibu"
TOKEN_MARGIN = 60  # seconds: renew a little before the platform's expiry

_tokens: dict[tuple[str, str], tuple[str, float]] = {}
_tokens_lock = threading.Lock()


class Transient(Exception):
    """Worth trying again; `retry_after` is the platform's own wish (429), in seconds."""

    def __init__(self, message: str, retry_after: float | None = None, unreachable: bool = False):
        super().__init__(message)
        self.retry_after = retry_after
        # No connection at all (refused, no route, no name): the platform is down, not this resource wrong.
        self.unreachable = unreachable


class Refused(Exception):
    """The platform said no (4xx); `outcome` is its OperationOutcome when it sent one."""

    def __init__(self, status: int, outcome: dict | None, message: str):
        super().__init__(message)
        self.status, self.outcome = status, outcome or {}


class Client:
    """One connection setting; tokens are shared by every Client of the process."""

    def __init__(self, config: Config):
        self.config = config

    def token(self, *, renew: bool = False) -> str:
        key = (self.config.auth_url, self.config.client_id)
        with _tokens_lock:
            cached = _tokens.get(key)
            if cached and not renew and cached[1] > time.monotonic():
                return cached[0]
        body = urllib.parse.urlencode({"client_id": self.config.client_id,
                                       "client_secret": self.config.client_secret}).encode()
        answer = self._call("POST", f"{self.config.auth_url}/accesstoken?grant_type=client_credentials", body,
                            {"Content-Type": "application/x-www-form-urlencoded"})
        expires = float(answer.get("expires_in", 3600))
        with _tokens_lock:
            _tokens[key] = (answer["access_token"], time.monotonic() + max(expires - TOKEN_MARGIN, 1))
        return answer["access_token"]

    def search(self, resource_type: str, **params: str) -> list[dict]:
        query = urllib.parse.urlencode(params)
        bundle = self.fhir("GET", f"{resource_type}?{query}")
        return [e["resource"] for e in bundle.get("entry") or () if "resource" in e]

    def create(self, resource: dict, *, if_none_exist: str = "") -> dict:
        headers = {"If-None-Exist": if_none_exist} if if_none_exist else {}
        return self.fhir("POST", resource["resourceType"], resource, headers)

    def update(self, resource: dict, server_id: str) -> dict:
        return self.fhir("PUT", f"{resource['resourceType']}/{server_id}", {**resource, "id": server_id})

    def fhir(self, method: str, path: str, resource: dict | None = None, headers: dict | None = None) -> dict:
        headers = {"Content-Type": "application/fhir+json", **(headers or {})}
        body = dumps(resource).encode() if resource is not None else None
        for renew in (False, True):
            headers["Authorization"] = f"Bearer {self.token(renew=renew)}"
            try:
                return self._call(method, f"{self.config.url}/{path}", body, headers)
            except Refused as refused:
                if refused.status != 401 or renew:
                    raise  # a second 401 with a fresh token is a real refusal (wrong secret)
        raise AssertionError("unreachable")

    def _call(self, method: str, url: str, body: bytes | None, headers: dict) -> dict:
        request = urllib.request.Request(url, data=body, method=method, headers={"Accept": "application/fhir+json", **headers})
        try:
            with urllib.request.urlopen(request, timeout=self.config.timeout) as response:
                return loads(response.read() or b"{}")
        except urllib.error.HTTPError as error:
            raw = error.read()
            if error.code == 429:
                raise Transient("HTTP 429: platform meminta jeda", _seconds(error.headers.get("Retry-After"))) from error
            if error.code >= 500 or error.code == 408:
                raise Transient(f"HTTP {error.code}: {raw[:200]!r}") from error
            try:
                answer = loads(raw) if raw else {}
            except ValueError:
                answer = {}
            raise Refused(error.code, answer if answer.get("resourceType") == "OperationOutcome" else None,
                          f"HTTP {error.code}: {raw[:300].decode(errors='replace')}") from error
        except (urllib.error.URLError, http.client.HTTPException, TimeoutError, OSError) as error:
            down = isinstance(getattr(error, "reason", error), ConnectionRefusedError | socket.gaierror) or \
                getattr(getattr(error, "reason", error), "errno", None) in (errno.ENETUNREACH, errno.EHOSTUNREACH)
            raise Transient(f"{type(error).__name__}: {error}", unreachable=down) from error
        except ValueError as error:  # a cut-off body
            raise Transient(f"jawaban tidak utuh: {error}") from error


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff
