"""Fetching a web page to read, without letting its URL reach inside the server's network.

A URL given to a server is an attacker's choice, so a fetch here:

- takes only http and https URLs (no user:password@ part);
- resolves the host name once (`socket.getaddrinfo`) and refuses the URL when ANY address
  it resolves to is not public: loopback, private, link-local (the cloud metadata address
  169.254.169.254 among them), multicast, reserved, unspecified, carrier-grade NAT
  (100.64.0.0/10), IPv6 unique-local, link-local and site-local, and IPv6 forms that carry
  an IPv4 address (IPv4-mapped, 6to4, NAT64) when the IPv4 address is one of those;
- connects to the address it checked, never to the name (no second look-up that a DNS
  rebinding could answer differently); the name still goes in the Host header and, for
  https, in the TLS server name the certificate is checked against; proxies from the
  environment are ignored;
- follows redirects itself, at most `MAX_REDIRECTS`, checking scheme and address again at
  every hop;
- reads at most `max_bytes` (after decompression) and gives up once `timeout` seconds
  have passed, checked between reads; one silent read waits at most the time that was
  left when its hop began, so a fetch never lasts more than twice `timeout`;
- keeps only text/html and text/plain answers.

Every refusal is a `FetchError` saying why. Nothing here knows about HTTP servers: the API
calls `fetch_article`, the command line could too.
"""

from __future__ import annotations

import ipaddress
import socket
import time
import zlib
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass
from urllib.parse import urljoin

import httpx

from relato.errors import RelatoError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# allow(address, port) -> may relato connect there? The default allows public addresses.
Allow = Callable[[IPAddress, int], bool]

SCHEMES = {"http": 80, "https": 443}
CONTENT_TYPES = {"text/html", "text/plain"}
REDIRECTS = {301, 302, 303, 307, 308}
MAX_REDIRECTS = 5
MAX_BYTES = 2_000_000
TIMEOUT = 10.0
USER_AGENT = "relato (+https://github.com/relato)"

CARRIER_NAT = ipaddress.ip_network("100.64.0.0/10")
NAT64 = ipaddress.ip_network("64:ff9b::/96")


class FetchError(RelatoError):
    code = "fetch"


class RefusedURL(FetchError):
    code = "url-refused"


class TooLarge(FetchError):
    code = "too-large"


class UnsupportedContent(FetchError):
    code = "content-type"


class FetchFailed(FetchError):
    code = "fetch-failed"


def why_refused(address: IPAddress) -> str | None:
    """Why relato will not connect to this address, or None for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            inner = why_refused(embedded)
            if inner:
                return f"{inner} (inside {address})"
        if address.scope_id:
            return "an address with a scope (link-local)"
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("carrier-grade NAT", address.version == 4 and address in CARRIER_NAT),
        ("unique-local", address.version == 6 and address in ipaddress.ip_network("fc00::/7")),
        ("site-local", address.version == 6 and address.is_site_local),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not public", not address.is_global),
    )
    for name, hit in checks:
        if hit:
            return f"{address} is a {name} address" if name != "not public" \
                else f"{address} is not a public address"
    return None


def public(address: IPAddress, port: int) -> bool:
    """The default rule: any port, public addresses only."""
    return why_refused(address) is None


@dataclass(frozen=True)
class Page:
    url: str            # the URL asked for
    final_url: str      # where the redirects ended
    content_type: str   # text/html or text/plain
    charset: str | None
    body: bytes


def resolve(host: str, port: int) -> list[IPAddress]:
    """Every address the host name stands for (a literal address stands for itself)."""
    try:
        return [ipaddress.ip_address(host)]
    except ValueError:
        pass
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchFailed(f"cannot resolve {host}: {exc}") from None
    found: list[IPAddress] = []
    for info in infos:
        address = ipaddress.ip_address(str(info[4][0]).split("%", 1)[0])
        if address not in found:
            found.append(address)
    if not found:
        raise FetchFailed(f"{host} has no address")
    return found


def _target(url: httpx.URL, allow: Allow, item: str | None) -> tuple[str, int, list[IPAddress]]:
    """The host, port and checked addresses of one hop, or RefusedURL."""
    if url.scheme not in SCHEMES:
        raise RefusedURL(f"only http and https URLs are fetched, not {url.scheme or 'this'!r}",
                         item)
    if url.userinfo:
        raise RefusedURL("URLs with a user name or password are not fetched", item)
    host = url.raw_host.decode("ascii")
    if not host:
        raise RefusedURL("the URL has no host", item)
    port = url.port or SCHEMES[url.scheme]
    addresses = resolve(host, port)
    for address in addresses:
        if not allow(address, port):
            why = why_refused(address) or f"{address} is not allowed"
            raise RefusedURL(f"{host} is not fetched: {why}", item)
    return host, port, addresses


def _decoded(raw: Iterator[bytes], encoding: str) -> Iterator[bytes]:
    """The body as sent, decompressed by hand so that a small gzip cannot grow unbounded."""
    if encoding in ("", "identity"):
        yield from raw
        return
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise UnsupportedContent(f"unsupported content encoding {encoding!r}")
    inflater = zlib.decompressobj(47)  # zlib or gzip header, detected
    for chunk in raw:
        data = chunk
        while data:
            try:
                out = inflater.decompress(data, 65536)
            except zlib.error as exc:
                raise FetchFailed(f"broken compressed body: {exc}") from None
            if out:
                yield out
            data = inflater.unconsumed_tail


def _media(content_type: str) -> tuple[str, str | None]:
    kind, _, rest = content_type.partition(";")
    charset = None
    for part in rest.split(";"):
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip().strip('"\'') or None
    return kind.strip().lower(), charset


def fetch(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT,
          allow: Allow = public, item: str | None = None,
          content_types: Collection[str] = CONTENT_TYPES) -> Page:
    """GET one page under the rules of this module (`content_types`: the media types kept,
    text/html and text/plain unless the caller reads others, such as feeds)."""
    deadline = time.monotonic() + timeout
    try:
        current = httpx.URL(url)
    except (httpx.InvalidURL, TypeError) as exc:
        raise RefusedURL(f"not a valid URL: {exc}", item) from None
    for _hop in range(MAX_REDIRECTS + 1):
        host, port, addresses = _target(current, allow, item)
        with _connected(current, host, port, addresses, deadline, item) as response:
            location = response.headers.get("location")
            if response.status_code in REDIRECTS and location:
                try:
                    current = httpx.URL(urljoin(str(current), location))
                except (httpx.InvalidURL, ValueError) as exc:
                    raise FetchFailed(f"bad redirect: {exc}", item) from None
                continue
            if not 200 <= response.status_code < 300:
                raise FetchFailed(f"the server answered {response.status_code}", item)
            kind, charset = _media(response.headers.get("content-type", ""))
            if kind not in content_types:
                *others, last = sorted(content_types)
                kept = f"{', '.join(others)} and {last}" if others else last
                raise UnsupportedContent(f"only {kept} are read, not {kind or 'no type'!r}",
                                         item)
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise TooLarge(f"the page is larger than {max_bytes} bytes", item)
            body = bytearray()
            try:
                encoding = response.headers.get("content-encoding", "").strip().lower()
                for chunk in _decoded(response.iter_raw(), encoding):
                    body += chunk
                    if len(body) > max_bytes:
                        raise TooLarge(f"the page is larger than {max_bytes} bytes", item)
                    if time.monotonic() > deadline:
                        raise FetchFailed(f"no whole page within {timeout:g} s", item)
            except httpx.TimeoutException:
                raise FetchFailed(f"no whole page within {timeout:g} s", item) from None
            except httpx.HTTPError as exc:
                raise FetchFailed(f"reading the page failed: {exc}", item) from None
            return Page(url=url, final_url=str(current), content_type=kind, charset=charset,
                        body=bytes(body))
    raise FetchFailed(f"more than {MAX_REDIRECTS} redirects", item)


class _connected:
    """A streamed GET to one of the checked addresses; its own client for each hop, so a
    connection opened for one host name is never reused for another."""

    def __init__(self, url: httpx.URL, host: str, port: int, addresses: list[IPAddress],
                 deadline: float, item: str | None) -> None:
        self.url, self.host, self.port = url, host, port
        self.addresses, self.deadline, self.item = addresses, deadline, item
        self.client: httpx.Client | None = None
        self.response: httpx.Response | None = None

    def __enter__(self) -> httpx.Response:
        default = SCHEMES[self.url.scheme] == self.port
        name = f"[{self.host}]" if ":" in self.host else self.host
        headers = {"Host": name if default else f"{name}:{self.port}",
                   "User-Agent": USER_AGENT, "Accept": "text/html, text/plain;q=0.9",
                   "Accept-Encoding": "gzip, deflate, identity"}
        failure: Exception | None = None
        for address in self.addresses:
            left = self.deadline - time.monotonic()
            if left <= 0:
                break
            self.client = httpx.Client(trust_env=False, follow_redirects=False,
                                       timeout=httpx.Timeout(left))
            request = self.client.build_request(
                "GET", self.url.copy_with(host=str(address), port=self.port), headers=headers,
                extensions={"sni_hostname": self.host})
            try:
                self.response = self.client.send(request, stream=True)
                return self.response
            except httpx.TimeoutException as exc:
                failure = exc
                self.client.close()
                break
            except httpx.HTTPError as exc:  # this address did not answer: the next one
                failure = exc
                self.client.close()
        if isinstance(failure, httpx.TimeoutException) or failure is None:
            raise FetchFailed("no answer in time", self.item)
        raise FetchFailed(f"cannot reach {self.host}: {failure}", self.item)

    def __exit__(self, *exc) -> None:
        if self.response is not None:
            self.response.close()
        if self.client is not None:
            self.client.close()


def page_text(page: Page, item: str) -> str:
    if page.charset:
        try:
            return page.body.decode(page.charset, errors="replace")
        except LookupError:
            pass
    from relato.ingest import decode_bytes

    return decode_bytes(page.body, item)


def fetch_article(url: str, *, max_bytes: int = MAX_BYTES, timeout: float = TIMEOUT,
                  allow: Allow = public, item: str | None = None) -> dict[str, str]:
    """The fields of the article at `url`: its text and, from an HTML page, title and date."""
    from relato.ingest import Defaults, html_to_article

    item = item or url
    page = fetch(url, max_bytes=max_bytes, timeout=timeout, allow=allow, item=item)
    text = page_text(page, item)
    if page.content_type == "text/plain":
        return {"text": text, "url": page.final_url}
    article = html_to_article(text, item, "fetched", Defaults())
    found = {"text": article.text, "url": page.final_url, "title": article.title,
             "published": article.published}
    return {key: value for key, value in found.items() if value}
