"""HTTP to the online sources, within their limits: SSB's PxWeb API v2, FHI's statistics API, Miljødirektoratet.

SSB: "Grensene per uttrekk er 800.000 dataceller, og antall spørringer er for tiden 30 per minutt. Grensen er
per ip-adresse" (https://www.ssb.no/api/api-mot-statistikkbanken--brukerveiledning; also /api/pxwebapi/v2/config).
Over the limit SSB answers 429 (janbrus/pxwebapi-skills, ssb-pxwebapi-v2-skill/references/api-details.md: wait
until the window resets, up to 60 seconds). FHI and Miljødirektoratet publish no limit; the same pace is kept.

Every failure of one table is an exception naming what the server did, so the refresh can report it and go on
with the next table: SsbUnavailable (no answer at all: no network, DNS, timeout), TableRefused (an HTTP error:
a renamed or removed table, a code it no longer has, a server error), MalformedResponse (an answer that is not
the JSON or workbook asked for).
"""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

import requests

from core.errors import UserError

API_URL = "https://data.ssb.no/api/pxwebapi/v2"
FHI_API_URL = "https://statistikk-data.fhi.no/api/open/v1/nokkel"
CALLS_PER_WINDOW = 30
WINDOW_SECONDS = 60.0
TIMEOUT_SECONDS = 30
RETRY_STATUSES = (429, 503)  # over the limit, or briefly unavailable: wait and try once more


class SsbUnavailable(UserError):
    """The server could not be reached (no internet, DNS, timeout): nothing was changed."""


class TableRefused(UserError):
    """The server answered with an HTTP error (e.g. 400 or 404 for a renamed table or code, 429, 503)."""


class MalformedResponse(UserError):
    """The server answered, but not with what was asked for (not JSON, not JSON-stat, not the workbook)."""


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


class _HttpClient:
    """One session and one rate limiter per host; a 429 or 503 waits (Retry-After, else a window) once."""

    def __init__(self, session: requests.Session | None = None, limiter: RateLimiter | None = None):
        self.session = session or requests.Session()
        self.limiter = limiter or RateLimiter()

    def _send(self, method: str, url: str, params: dict | None, body: dict | None) -> requests.Response:
        self.limiter.wait()
        try:
            response = self.session.request(method, url, params=params, json=body, timeout=TIMEOUT_SECONDS)
            if response.status_code in RETRY_STATUSES:
                self.limiter.sleep(_retry_after(response))
                self.limiter.wait()
                response = self.session.request(method, url, params=params, json=body, timeout=TIMEOUT_SECONDS)
        except (requests.ConnectionError, requests.Timeout) as error:
            raise SsbUnavailable("ssb.offline", detail=error.__class__.__name__) from error
        if not response.ok:
            raise TableRefused("ssb.http_error", status=response.status_code, url=url,
                               detail=_excerpt(response.text))
        return response

    def _json(self, method: str, url: str, params: dict | None, body: dict | None) -> dict:
        response = self._send(method, url, params, body)
        try:
            answer = response.json()
        except ValueError as error:
            raise MalformedResponse("ssb.malformed", url=url, detail=_excerpt(response.text)) from error
        if not isinstance(answer, dict):
            raise MalformedResponse("ssb.malformed", url=url, detail=type(answer).__name__)
        return answer


def _retry_after(response: requests.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("Retry-After", WINDOW_SECONDS)))
    except ValueError:
        return WINDOW_SECONDS


def _excerpt(text: str) -> str:
    return " ".join((text or "").split())[:200]


class SsbClient(_HttpClient):
    """POSTs one v2 selection per table and returns the JSON-stat 2.0 dataset as a dict."""

    def __init__(self, session: requests.Session | None = None, limiter: RateLimiter | None = None,
                 base_url: str = API_URL, language: str = "no"):
        super().__init__(session, limiter)
        self.base_url, self.language = base_url, language

    def table_data(self, table_id: str, selection: list[dict]) -> dict:
        url = f"{self.base_url}/tables/{table_id}/data"
        params = {"lang": self.language, "outputFormat": "json-stat2"}
        return self._json("POST", url, params, {"selection": selection})

    def table_info(self, table_id: str) -> dict:
        return self._json("GET", f"{self.base_url}/tables/{table_id}", {"lang": self.language}, None)


class FhiClient(_HttpClient):
    """POSTs FHI's query body ({"dimensions": [...], "response": {"format": "json-stat2"}}) to one table."""

    def __init__(self, session: requests.Session | None = None, limiter: RateLimiter | None = None,
                 base_url: str = FHI_API_URL):
        super().__init__(session, limiter)
        self.base_url = base_url

    def table_data(self, table_number: str, body: dict) -> dict:
        return self._json("POST", f"{self.base_url}/Table/{table_number}/data", None, body)


class Downloader(_HttpClient):
    """GETs a published file (Miljødirektoratet's workbook) as bytes."""

    def content(self, url: str) -> bytes:
        response = self._send("GET", url, None, None)
        if not response.content:
            raise MalformedResponse("ssb.malformed", url=url, detail="empty body")
        return response.content
