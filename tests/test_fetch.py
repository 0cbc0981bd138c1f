"""relato.fetch: a URL is fetched only from public addresses, within size, time and type.

The pages are served by small HTTP servers on 127.0.0.1, which the real rule refuses; the
tests that need a page allow exactly one (address, port) and nothing else, so a redirect
from it to any other local place is still refused by the real rule.
"""

from __future__ import annotations

import gzip
import ipaddress
import socket
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from relato import fetch
from relato.fetch import FetchFailed, RefusedURL, TooLarge, UnsupportedContent

ARTICLE = ("<html><head><title>Arrests in Culiacán</title></head><body><article>"
           "<h1>Arrests in Culiacán</h1><p>Mexican marines arrested two cartel leaders in "
           "Culiacán on Monday, the navy said in a statement.</p><p>The two men were flown "
           "to Mexico City, officials said. Local residents described a long night of "
           "helicopters and gunfire over the northern districts of the city.</p>"
           "</article></body></html>")


class Pages(BaseHTTPRequestHandler):
    """path -> (status, headers, body) from the server's `routes`; every hit recorded."""

    def do_GET(self):  # noqa: N802 (http.server's name)
        self.server.hits.append((self.path, self.headers.get("Host")))
        route = self.server.routes.get(self.path)
        if route is None:
            self.send_error(404)
            return
        if callable(route):
            route(self)
            return
        status, headers, body = route
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        if "Content-Length" not in headers and "Transfer-Encoding" not in headers:
            self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@contextmanager
def serving(routes: dict):
    server = ThreadingHTTPServer(("127.0.0.1", 0), Pages)
    server.daemon_threads = True
    server.routes, server.hits = routes, []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


def only(server) -> fetch.Allow:
    """Allow this test server's exact address and port, and whatever the real rule allows."""
    port = server.server_address[1]
    return lambda address, p: (str(address), p) == ("127.0.0.1", port) or fetch.public(
        address, p)


def html(body: str = ARTICLE, **headers) -> tuple:
    return 200, {"Content-Type": "text/html; charset=utf-8", **headers}, body.encode()


REFUSED = ["127.0.0.1", "127.8.9.10", "10.0.0.1", "172.16.5.4", "192.168.1.1",
           "169.254.169.254", "100.64.0.1", "100.127.255.254", "0.0.0.0", "224.0.0.1",
           "240.0.0.1", "255.255.255.255", "::1", "::", "fc00::1", "fd12:3456::1", "fe80::1",
           "ff02::1", "fec0::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254",
           "::ffff:10.0.0.1", "64:ff9b::a9fe:a9fe", "2002:7f00:1::1", "2002:a00:1::1"]
PUBLIC = ["8.8.8.8", "93.184.216.34", "1.1.1.1", "2606:4700:4700::1111",
          "2a00:1450:4007:80e::200e"]


@pytest.mark.parametrize("address", REFUSED)
def test_addresses_inside_are_refused(address):
    assert fetch.why_refused(ipaddress.ip_address(address))


@pytest.mark.parametrize("address", PUBLIC)
def test_public_addresses_are_allowed(address):
    assert fetch.why_refused(ipaddress.ip_address(address)) is None


def test_a_local_server_is_refused_before_any_connection():
    with serving({"/": html()}) as server:
        port = server.server_address[1]
        for url in (f"http://127.0.0.1:{port}/", f"http://localhost:{port}/",
                    f"http://[::1]:{port}/", f"http://0.0.0.0:{port}/",
                    f"http://2130706433:{port}/"):  # 127.0.0.1 written as one number
            with pytest.raises(RefusedURL):
                fetch.fetch(url, timeout=2)
        assert server.hits == []


@pytest.mark.parametrize("url, why", [
    ("http://10.0.0.1/", "private"),
    ("http://169.254.169.254/latest/meta-data/", "link-local"),
    ("http://[::1]/", "loopback"),
    ("http://[fd00::1]/", "unique-local"),
    ("http://100.64.0.1/", "carrier-grade NAT"),
    ("http://[::ffff:169.254.169.254]/", "link-local"),
    ("ftp://example.com/a.txt", "only http and https"),
    ("file:///etc/passwd", "only http and https"),
    ("http://user:secret@example.com/", "user name or password"),
])
def test_urls_refused_with_their_reason(url, why):
    with pytest.raises(RefusedURL, match=why):
        fetch.fetch(url, timeout=2)


def test_every_address_of_a_name_is_checked(monkeypatch):
    """A name resolving to a public and a private address is refused (either may be used)."""
    def two(host, port, *args, **kwargs):
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("93.184.216.34", port)),
                (socket.AF_INET, socket.SOCK_STREAM, 6, "", ("10.1.2.3", port))]

    monkeypatch.setattr(socket, "getaddrinfo", two)
    with pytest.raises(RefusedURL, match="10.1.2.3 is a private address"):
        fetch.fetch("http://news.example/story", timeout=2)


def test_the_checked_address_is_the_one_connected_to(monkeypatch):
    """One look-up: the name is resolved once, the connection goes to that address and the
    name only travels in the Host header (a rebinding DNS gets no second question)."""
    with serving({"/story": html()}) as server:
        port = server.server_address[1]
        asked = []

        def resolver(host, port_, *args, **kwargs):
            asked.append(host)
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", ("127.0.0.1", port_))]

        monkeypatch.setattr(socket, "getaddrinfo", resolver)
        page = fetch.fetch(f"http://news.example:{port}/story", allow=only(server), timeout=5)
    # the connection itself hands the checked address (a literal) to the socket layer
    assert asked == ["news.example", "127.0.0.1"]
    assert server.hits == [("/story", f"news.example:{port}")]
    assert page.content_type == "text/html" and b"Culiac" in page.body


def test_redirects_are_followed_and_checked_at_every_hop():
    with serving({"/": html()}) as inner:
        inner_port = inner.server_address[1]
        routes = {"/story": html(),
                  "/moved": (302, {"Location": "/story"}, b""),
                  "/to-inner": (302, {"Location": f"http://127.0.0.1:{inner_port}/"}, b""),
                  "/to-metadata": (301, {"Location": "http://169.254.169.254/latest/"}, b""),
                  "/to-ipv6": (307, {"Location": "http://[::1]/"}, b""),
                  "/to-file": (302, {"Location": "file:///etc/passwd"}, b""),
                  "/loop": (302, {"Location": "/loop"}, b"")}
        with serving(routes) as outer:
            base = f"http://127.0.0.1:{outer.server_address[1]}"
            page = fetch.fetch(f"{base}/moved", allow=only(outer), timeout=5)
            assert page.final_url == f"{base}/story" and b"Culiac" in page.body
            for path, why in (("/to-inner", "loopback"), ("/to-metadata", "link-local"),
                              ("/to-ipv6", "loopback"), ("/to-file", "only http")):
                with pytest.raises(RefusedURL, match=why):
                    fetch.fetch(base + path, allow=only(outer), timeout=5)
            with pytest.raises(FetchFailed, match="redirects"):
                fetch.fetch(f"{base}/loop", allow=only(outer), timeout=5)
            assert len([hit for hit in outer.hits if hit[0] == "/loop"]) == 6
        assert inner.hits == []


def test_size_limit_with_and_without_a_length():
    def unannounced(handler):  # no Content-Length: the body ends when the connection does
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Connection", "close")
        handler.end_headers()
        for _ in range(100):
            handler.wfile.write(b"x" * 1000)

    bomb = gzip.compress(b"a" * 5_000_000)
    routes = {"/big": html("x" * 50_000), "/stream": unannounced,
              "/bomb": (200, {"Content-Type": "text/plain", "Content-Encoding": "gzip"}, bomb),
              "/small": html("<p>short</p>")}
    with serving(routes) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path in ("/big", "/stream", "/bomb"):
            with pytest.raises(TooLarge, match="larger than 10000 bytes"):
                fetch.fetch(base + path, allow=only(server), max_bytes=10_000, timeout=5)
        assert fetch.fetch(base + "/small", allow=only(server), max_bytes=10_000).body
    assert len(bomb) < 10_000  # the limit is on what the page unpacks to, not what it sends


def test_only_html_and_plain_text_are_read():
    routes = {"/png": (200, {"Content-Type": "image/png"}, b"\x89PNG\r\n\x1a\n" + b"\0" * 64),
              "/json": (200, {"Content-Type": "application/json"}, b"{}"),
              "/none": (200, {}, b"hello"),
              "/text": (200, {"Content-Type": "text/plain; charset=latin-1"},
                        "Les marins ont arrêté deux chefs.".encode("latin-1"))}
    with serving(routes) as server:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        for path in ("/png", "/json", "/none"):
            with pytest.raises(UnsupportedContent, match="only text/html and text/plain"):
                fetch.fetch(base + path, allow=only(server), timeout=5)
        article = fetch.fetch_article(base + "/text", allow=only(server), timeout=5)
        assert article["text"] == "Les marins ont arrêté deux chefs."


def test_a_slow_page_ends_at_the_time_limit():
    def drip(handler):
        handler.send_response(200)
        handler.send_header("Content-Type", "text/plain")
        handler.send_header("Content-Length", "1000")
        handler.end_headers()
        try:
            for _ in range(50):
                handler.wfile.write(b"x")
                handler.wfile.flush()
                time.sleep(0.1)
        except OSError:
            pass

    with serving({"/drip": drip}) as server:
        start = time.monotonic()
        with pytest.raises(FetchFailed, match="within 1 s"):
            fetch.fetch(f"http://127.0.0.1:{server.server_address[1]}/drip",
                        allow=only(server), timeout=1)
        assert time.monotonic() - start < 2.5


def test_an_html_page_becomes_an_article():
    with serving({"/story": html()}) as server:
        url = f"http://127.0.0.1:{server.server_address[1]}/story"
        article = fetch.fetch_article(url, allow=only(server), timeout=5)
    assert "Mexican marines arrested two cartel leaders" in article["text"]
    assert "<p>" not in article["text"] and article["url"] == url
