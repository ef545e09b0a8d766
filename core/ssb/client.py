"""HTTP to SSB's PxWeb API v2, within SSB's documented rate limit.

SSB: "Grensene per uttrekk er 800.000 dataceller, og antall spørringer er for tiden 30 per minutt. Grensen er
per ip-adresse" (https://www.ssb.no/api/api-mot-statistikkbanken--brukerveiledning; also /api/pxwebapi/v2/config).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import requests

from core.errors import UserError

API_URL = "https://data.ssb.no/api/pxwebapi/v2"
CALLS_PER_WINDOW = 30
WINDOW_SECONDS = 60.0
TIMEOUT_SECONDS = 30


class SsbUnavailable(UserError):
    """SSB could not be reached (no internet, DNS, timeout): nothing was changed."""


class RateLimiter:
    """At most `calls` calls in any `window` seconds; the clock and sleep are injected so tests never wait."""

    def __init__(self, calls: int = CALLS_PER_WINDOW, window: float = WINDOW_SECONDS,
                 clock: Callable[[], float] = time.monotonic, sleep: Callable[[float], None] = time.sleep):
        self.calls, self.window, self.clock, self.sleep = calls, window, clock, sleep
        self.started: deque[float] = deque()

    def wait(self) -> None:
        now = self.clock()
        while self.started and now - self.started[0] >= self.window:
            self.started.popleft()
        if len(self.started) >= self.calls:
            self.sleep(self.window - (now - self.started[0]))
            self.started.popleft()
            now = self.clock()
        self.started.append(now)


class SsbClient:
    """POSTs one v2 selection per table and returns the JSON-stat 2.0 dataset as a dict."""

    def __init__(self, session: requests.Session | None = None, limiter: RateLimiter | None = None,
                 base_url: str = API_URL, language: str = "no"):
        self.session = session or requests.Session()
        self.limiter = limiter or RateLimiter()
        self.base_url, self.language = base_url, language

    def table_data(self, table_id: str, selection: list[dict]) -> dict:
        url = f"{self.base_url}/tables/{table_id}/data"
        params = {"lang": self.language, "outputFormat": "json-stat2"}
        return self._call("POST", url, params, {"selection": selection})

    def table_info(self, table_id: str) -> dict:
        return self._call("GET", f"{self.base_url}/tables/{table_id}", {"lang": self.language}, None)

    def _call(self, method: str, url: str, params: dict, body: dict | None) -> dict:
        self.limiter.wait()
        try:
            response = self.session.request(method, url, params=params, json=body, timeout=TIMEOUT_SECONDS)
        except (requests.ConnectionError, requests.Timeout) as error:
            raise SsbUnavailable("ssb.offline", detail=error.__class__.__name__) from error
        if response.status_code == 429:  # over the limit anyway (another client on our IP): wait and try once more
            self.limiter.sleep(float(response.headers.get("Retry-After", WINDOW_SECONDS)))
            response = self.session.request(method, url, params=params, json=body, timeout=TIMEOUT_SECONDS)
        if not response.ok:
            raise UserError("ssb.http_error", status=response.status_code, url=url)
        return response.json()
