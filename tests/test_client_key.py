"""Who one client is for the form's rate limit: an IPv4 address, an IPv6 /64, IPv4 in
IPv6 as the IPv4 address; behind TRUSTED_PROXIES the forwarded address, the same way."""

from __future__ import annotations

import pytest

from tests.conftest import migrated_app
from tests.support.form import csrf_token, post_application
from web.client_key import key_for

LIMIT = 3


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("192.0.2.1", "192.0.2.1"),
        ("192.0.2.2", "192.0.2.2"),
        ("2001:db8::1", "2001:db8::/64"),
        ("2001:db8::ffff:abcd:1234:5678", "2001:db8::/64"),
        ("2001:0DB8:0000:0000:0000:0000:0000:0001", "2001:db8::/64"),
        ("2001:db8:0:1::1", "2001:db8:0:1::/64"),
        ("2001:db8:1234:5678:9abc::1", "2001:db8:1234:5678::/64"),
        ("fe80::1%eth0", "fe80::/64"),
        ("::ffff:192.0.2.1", "192.0.2.1"),
        ("::ffff:c000:201", "192.0.2.1"),
        ("64:ff9b::192.0.2.1", "192.0.2.1"),
        ("::1", "::/64"),
        ("[2001:db8::1]:443", "2001:db8::/64"),
        ("[2001:db8::1]", "2001:db8::/64"),
        ("192.0.2.1:5678", "192.0.2.1"),
        (" 192.0.2.1 ", "192.0.2.1"),
        ("unix:/run/app.sock", "unix:/run/app.sock"),
        ("not an address", "not an address"),
    ],
)
def test_key_for(address, key):
    assert key_for(address) == key


@pytest.fixture
def limited(config):
    config["FORM_RATE_LIMIT"] = f"{LIMIT}/minute"
    yield from migrated_app(config)


def post_from(client, token: str, address: str, forwarded: str | None = None) -> int:
    """Post the form with the server seeing `address` (and the proxy forwarding `forwarded`)."""
    client.environ_base["REMOTE_ADDR"] = address
    if forwarded:
        client.environ_base["HTTP_X_FORWARDED_FOR"] = forwarded
    else:
        client.environ_base.pop("HTTP_X_FORWARDED_FOR", None)
    return post_application(client, token=token).status_code


def use_up(client, token: str, addresses: list[str], forwarded: bool = False) -> list[int]:
    return [
        post_from(client, token, "10.0.0.1", a) if forwarded else post_from(client, token, a)
        for a in addresses
    ]


def test_addresses_in_one_ipv6_64_share_a_limit(limited):
    client = limited.test_client()
    token = csrf_token(client)
    rotated = ["2001:db8::1", "2001:db8::2", "2001:db8::dead:beef", "2001:db8::ffff:ffff:ffff:ffff"]
    assert use_up(client, token, rotated) == [303, 303, 303, 429]


def test_addresses_in_different_ipv6_64s_do_not(limited):
    client = limited.test_client()
    token = csrf_token(client)
    assert use_up(client, token, ["2001:db8::1"] * LIMIT) == [303] * LIMIT
    assert post_from(client, token, "2001:db8::2") == 429
    assert post_from(client, token, "2001:db8:0:1::1") == 303
    assert post_from(client, token, "2001:db9::1") == 303


def test_ipv4_is_counted_per_address_and_mapped_ipv4_as_ipv4(limited):
    client = limited.test_client()
    token = csrf_token(client)
    mixed = ["::ffff:192.0.2.1", "192.0.2.1", "::ffff:192.0.2.1", "192.0.2.1"]
    assert use_up(client, token, mixed) == [303, 303, 303, 429]
    assert post_from(client, token, "192.0.2.2") == 303


@pytest.fixture
def proxied(config):
    config.update(FORM_RATE_LIMIT=f"{LIMIT}/minute", TRUSTED_PROXIES=1)
    yield from migrated_app(config)


def test_behind_a_trusted_proxy_the_forwarded_address_is_keyed_the_same_way(proxied):
    client = proxied.test_client()
    token = csrf_token(client)
    rotated = ["2001:db8::1", "2001:db8::2", "2001:db8::3", "2001:db8::4"]
    assert use_up(client, token, rotated, forwarded=True) == [303, 303, 303, 429]
    # The proxy's own address is not the key: another forwarded /64 still gets in.
    assert post_from(client, token, "10.0.0.1", "2001:db8:0:1::1") == 303
    assert post_from(client, token, "10.0.0.1", "::ffff:192.0.2.9") == 303
