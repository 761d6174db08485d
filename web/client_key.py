"""Who counts as one client for the form's rate limit.

An IPv4 address is one client. An IPv6 client is its /64: a home or a server usually
gets a whole /64 and may pick any address in it, so counting full addresses would let
one client rotate past the limit. IPv4 written in IPv6 (`::ffff:192.0.2.1`, or the
NAT64 prefix `64:ff9b::/96`) is counted as that IPv4 address.

The address is `request.remote_addr`, which ProxyFix has already rewritten from
X-Forwarded-For when TRUSTED_PROXIES is set; nothing here reads a forwarding header.
"""

from __future__ import annotations

import ipaddress

from flask import request

IPV6_CLIENT_PREFIX = 64
NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# What flask_limiter's get_remote_address answers when the server gives no address.
UNKNOWN = "127.0.0.1"


def client_key() -> str:
    """The rate-limit key of the current request (flask_limiter's key_func)."""
    return key_for(request.remote_addr or UNKNOWN)


def key_for(address: str) -> str:
    """`192.0.2.1` -> `192.0.2.1`; `2001:db8::1` -> `2001:db8::/64`."""
    try:
        ip = ipaddress.ip_address(_without_port(address.strip()))
    except ValueError:
        return address  # not an IP (a unix socket path, say): count it as given
    if isinstance(ip, ipaddress.IPv4Address):
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip in NAT64:
        return str(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    network = ipaddress.IPv6Network((int(ip), IPV6_CLIENT_PREFIX), strict=False)
    return str(network)


def _without_port(address: str) -> str:
    # Some proxies forward "[2001:db8::1]:443" or "192.0.2.1:5678"; a port per connection
    # would make every connection a new client.
    if address.startswith("["):
        return address[1:].split("]", 1)[0]
    if address.count(":") == 1:
        return address.split(":", 1)[0]
    return address
