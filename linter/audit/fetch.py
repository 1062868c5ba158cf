"""Fetching a published page or PDF over http(s): a timeout, a size limit, redirects followed
(to http and https only), and a one-line error when the network is not there."""

from __future__ import annotations

import http.client
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from email.message import Message
from urllib.parse import urlsplit

from .. import __version__
from ..document import ReadError

DEFAULT_TIMEOUT = 20.0
DEFAULT_MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 10
_CHUNK = 64 * 1024


@dataclass(slots=True)
class Fetched:
    url: str
    final_url: str
    data: bytes
    content_type: str  # the media type, lower case, without parameters ("" when not sent)
    charset: str | None


def is_url(arg: str) -> bool:
    return arg[:8].lower().startswith(("http://", "https://"))


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[override]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise urllib.error.URLError(f"redirect to a non-http(s) address: {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener() -> urllib.request.OpenerDirector:
    # No proxy handler from the environment is dropped: auditors behind proxies need them.
    return urllib.request.build_opener(_Redirects())


def fetch(
    url: str, timeout: float = DEFAULT_TIMEOUT, max_bytes: int = DEFAULT_MAX_BYTES
) -> Fetched:
    host = urlsplit(url).hostname or url
    request = urllib.request.Request(
        url,
        headers={
            "User-Agent": f"disclosure-lint/{__version__} (audit)",
            "Accept": "text/html, application/xhtml+xml, application/pdf, text/markdown, "
            "text/plain;q=0.9, */*;q=0.5",
        },
    )
    try:
        with _opener().open(request, timeout=timeout) as response:
            headers: Message = response.headers
            length = headers.get("Content-Length")
            if length and length.isdigit() and int(length) > max_bytes:
                raise ReadError(f"{url}: {int(length)} bytes, over the {max_bytes}-byte limit")
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = response.read(_CHUNK)
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise ReadError(f"{url}: response over the {max_bytes}-byte limit")
                chunks.append(chunk)
            final_url = response.geturl()
    except ReadError:
        raise
    except urllib.error.HTTPError as exc:
        raise ReadError(f"{url}: HTTP {exc.code} {exc.reason}") from None
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, socket.gaierror):
            raise ReadError(f"{url}: cannot resolve {host} (offline?)") from None
        if isinstance(reason, TimeoutError):
            raise ReadError(f"{url}: no answer within {timeout:g} s") from None
        raise ReadError(f"{url}: cannot fetch ({reason})") from None
    except TimeoutError:
        raise ReadError(f"{url}: no answer within {timeout:g} s") from None
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise ReadError(f"{url}: cannot fetch ({exc})") from None
    media = (headers.get_content_type() or "").lower() if headers.get("Content-Type") else ""
    return Fetched(url, final_url, b"".join(chunks), media, headers.get_content_charset())
