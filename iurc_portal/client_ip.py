"""The client's address that login throttling counts failures for (AXES_CLIENT_IP_CALLABLE).

Anyone can send an X-Forwarded-For header, so it is read only when the connection comes
from one of ``TRUSTED_PROXIES``, and then only its entry ``TRUSTED_PROXY_COUNT`` places from
the right: the first proxy writes the client's address there and each further proxy appends
the address it was reached from. Entries further left, which a client may have sent itself,
are never read. Every other connection is known by its own address, whatever it sends.

A Unix socket (gunicorn gives it an empty REMOTE_ADDR) counts as a trusted proxy: like
loopback, only processes on this machine that may open the socket file can connect.
"""

import functools
import ipaddress

from django.conf import settings


@functools.cache
def _networks(proxies):
    return tuple(ipaddress.ip_network(proxy, strict=False) for proxy in proxies)


def _address(text):
    """The address in ``text`` (an IPv4-mapped IPv6 address as the IPv4 one), or None."""
    try:
        address = ipaddress.ip_address(text.strip())
    except ValueError:
        return None
    return getattr(address, "ipv4_mapped", None) or address


def _is_trusted_proxy(peer):
    if peer == "":
        return True
    address = _address(peer)
    return address is not None and any(address in network for network in _networks(tuple(settings.TRUSTED_PROXIES)))


def client_ip(request):
    """REMOTE_ADDR, or the client's address a trusted proxy put in X-Forwarded-For."""
    peer = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXY_COUNT
    if count < 1 or not _is_trusted_proxy(peer):
        return peer
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    # Fewer entries than proxies, or not an address: a proxy is not set up as the README
    # says; count the attempt against the proxy rather than believe the header.
    client = _address(forwarded[-count]) if len(forwarded) >= count else None
    return str(client) if client else peer
