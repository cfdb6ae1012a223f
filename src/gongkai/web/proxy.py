"""The client's address behind trusted reverse proxies (nginx in front of the app servers).

``GONGKAI_TRUSTED_PROXIES`` lists the proxies' addresses or networks (``10.0.0.5,10.1.0.0/16``).
A request whose ``REMOTE_ADDR`` is not one of them is answered with ``REMOTE_ADDR``: nobody else's
``X-Forwarded-For`` is believed. A request from a trusted proxy is answered with the right-most
``X-Forwarded-For`` address that is not itself a trusted proxy: every entry to the right of it was
appended by a proxy we trust, every entry to its left was written by the client and may be forged.
A malformed entry where a trusted proxy should have written an address stops the walk; the last
trusted hop's address is then the answer (never a value the client could have chosen).
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

if TYPE_CHECKING:  # settings import this module: keep it free of django.http at run time
    from django.http import HttpRequest

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address


def trusted_proxies_parse(values: Iterable[str]) -> tuple[Network, ...]:
    """Parse proxy addresses and CIDR networks; a malformed one is a configuration error."""
    networks: list[Network] = []
    for value in values:
        text = value.strip()
        if not text:
            continue
        try:
            networks.append(ipaddress.ip_network(text, strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"GONGKAI_TRUSTED_PROXIES 中的“{text}”不是 IP 地址或网段"
                "（例如 10.0.0.5 或 10.0.0.0/24）。"
            ) from None
    return tuple(networks)


@lru_cache(maxsize=16)
def _networks(values: tuple[str, ...]) -> tuple[Network, ...]:
    return trusted_proxies_parse(values)


def address_parse(value: str) -> Address | None:
    """An IP address from a header or ``REMOTE_ADDR`` entry, or ``None`` when it is not one.

    Accepts ``1.2.3.4``, ``1.2.3.4:5678``, ``2001:db8::1`` and ``[2001:db8::1]:5678``; IPv4-mapped
    IPv6 addresses are read as IPv4.
    """
    text = value.strip()
    if text.startswith("["):
        end = text.find("]")
        if end == -1:
            return None
        text = text[1:end]
    elif text.count(":") == 1:  # IPv4 with a port
        text = text.split(":", 1)[0]
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address.version == net.version and address in net for net in networks)


def client_ip(request: HttpRequest) -> str:
    """The address of the client that sent ``request``, believing trusted proxies only."""
    remote_text = str(request.META.get("REMOTE_ADDR", ""))
    remote = address_parse(remote_text)
    networks = _networks(tuple(getattr(settings, "GONGKAI_TRUSTED_PROXIES", ())))
    if remote is None or not networks or not _is_trusted(remote, networks):
        return str(remote) if remote is not None else remote_text
    hop = remote
    forwarded = str(request.META.get("HTTP_X_FORWARDED_FOR", ""))
    for entry in reversed(forwarded.split(",")):
        address = address_parse(entry)
        if address is None:
            break
        hop = address
        if not _is_trusted(address, networks):
            break
    return str(hop)
