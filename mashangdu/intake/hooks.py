"""Extension point of the public pages (decision 0021): apps above intake add entries to a code's page.
Registered from the higher app's `AppConfig.ready`: meetings offers an invited enterprise's link on its
enterprise code's page ("参加政企早餐会，提前反映问题")."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from mashangdu.intake.models import QrCode


@dataclass(frozen=True)
class EntryLink:
    url: str
    label: str
    hint: str


EntryLinks = Callable[[QrCode], list[EntryLink]]
_ENTRY_LINKS: list[EntryLinks] = []


def register_entry_links(links: EntryLinks) -> None:
    if links not in _ENTRY_LINKS:
        _ENTRY_LINKS.append(links)


def entry_links(qr: QrCode | None) -> list[EntryLink]:
    """The entries other apps offer on this code's page, first on the page."""
    if qr is None:
        return []
    return [link for links in _ENTRY_LINKS for link in links(qr)]
