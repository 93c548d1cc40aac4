"""``next=`` targets: paths on this site pass; anything that leaves it is refused."""

from __future__ import annotations

import pytest

from trestle.auth.redirects import is_safe_redirect, safe_redirect

HOSTS = ["testserver", "example.com:8000"]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/account/",
        "/search?q=a//b&next=//x",
        "/a\\b",
        "/%2F%2Fevil.test",  # a path on this site: the browser does not decode it
        "profile",
        "?tab=2",
        "http://testserver/account/",
        "https://example.com:8000/x",
        "HTTPS://TESTSERVER/x",
    ],
)
def test_safe(url: str) -> None:
    assert is_safe_redirect(url, allowed_hosts=HOSTS)


@pytest.mark.parametrize(
    "url",
    [
        "",
        "//evil.test",
        "///evil.test",
        "/\\evil.test",
        "\\\\evil.test",
        "\\/evil.test",
        "https://evil.test",
        "http://evil.test/login",
        "https:evil.test",
        "http:/evil.test",
        "https://testserver@evil.test/",
        "https://evil.test\\@testserver/",
        "https://user:pw@testserver/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "java\tscript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/\t/evil.test",
        "/\n/evil.test",
        " //evil.test",
        "\x00/evil.test",
        "ftp://testserver/",
        "https://testserver:1234/",
        "a" * 3000,
        None,
        42,
    ],
)
def test_refused(url: object) -> None:
    assert not is_safe_redirect(url, allowed_hosts=HOSTS)


def test_https_only_site() -> None:
    assert not is_safe_redirect("http://testserver/", allowed_hosts=HOSTS, require_https=True)
    assert is_safe_redirect("https://testserver/", allowed_hosts=HOSTS, require_https=True)


def test_safe_redirect_falls_back() -> None:
    assert safe_redirect("//evil.test", "/home") == "/home"
    assert safe_redirect("/inbox", "/home") == "/inbox"
