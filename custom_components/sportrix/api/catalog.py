"""Typed Sportrix catalog objects: sports, leagues, teams and matches."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Self
from urllib.parse import urlsplit

from ._coerce import JsonObject, as_datetime, as_int, as_name, as_object, as_str, brief, is_loopback
from .exceptions import SportrixProtocolError

if TYPE_CHECKING:
    from datetime import datetime

# Catalog statuses (uppercase, unlike the snapshot's lowercase status).
NOT_STARTED = "NOT_STARTED"
STARTED = "STARTED"
FINISHED = "FINISHED"
CLOSE_OF_PLAY = "CLOSE_OF_PLAY"


@dataclass(frozen=True, slots=True)
class Sport:
    """A sport of the catalog."""

    id: int
    name: str

    @property
    def slug(self) -> str:
        """Return the lowercase name the snapshot's `sport` field uses ("soccer")."""
        return self.name.strip().lower()

    @classmethod
    def from_json(cls, data: object) -> Self:
        """Parse a sport object."""
        item = _catalog_object(data, "sport")
        return cls(_catalog_id(item, "sport"), as_name(item.get("name")) or "")


@dataclass(frozen=True, slots=True)
class League:
    """A league of the catalog."""

    id: int
    name: str

    @classmethod
    def from_json(cls, data: object) -> Self:
        """Parse a league object."""
        item = _catalog_object(data, "league")
        return cls(_catalog_id(item, "league"), as_name(item.get("name")) or "")


@dataclass(frozen=True, slots=True)
class Team:
    """A team of a league; the catalog gives no id, so the name identifies it."""

    name: str
    # Public address of the team's kit thumbnail; None until the catalog has one.
    silk_url: str | None

    @classmethod
    def from_json(cls, data: object) -> Self:
        """Parse a team object; a team without a name is malformed."""
        item = _catalog_object(data, "team")
        if (name := as_name(item.get("name"))) is None:
            raise SportrixProtocolError(f"team has no name: {brief(item)}")
        return cls(name, _picture_url(item.get("silk_url")))


@dataclass(frozen=True, slots=True)
class Match:
    """A match of the catalog; status is the uppercase catalog enum (NOT_STARTED, STARTED...)."""

    id: int
    home_team: str
    away_team: str
    start_time: datetime
    status: str

    @classmethod
    def from_json(cls, data: object) -> Self:
        """Parse a match object."""
        item = _catalog_object(data, "match")
        if (start_time := as_datetime(item.get("start_time"))) is None:
            raise SportrixProtocolError(f"match has no valid start_time: {brief(item)}")
        return cls(
            id=_catalog_id(item, "match"),
            home_team=as_name(item.get("home_team")) or "",
            away_team=as_name(item.get("away_team")) or "",
            start_time=start_time,
            status=as_str(item.get("status")) or "",
        )


def _picture_url(value: object) -> str | None:
    """Return an https address with a host, the only kind a browser is given to fetch.

    A plain http address would be fetched unencrypted from wherever the feed points (and is
    blocked as mixed content on a page served over https); the one exception is this computer,
    as for the server addresses (a local test server). Anything else is no picture at all.
    """
    url = (as_str(value) or "").strip()
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return None
    if not host:
        return None
    scheme = parts.scheme.lower()
    return url if scheme == "https" or (scheme == "http" and is_loopback(host)) else None


def _catalog_object(data: object, kind: str) -> JsonObject:
    if (item := as_object(data)) is None:
        raise SportrixProtocolError(f"{kind} is not a JSON object: {brief(data)}")
    return item


def _catalog_id(item: JsonObject, kind: str) -> int:
    item_id = as_int(item.get("id"))
    if item_id is None or item_id <= 0:
        raise SportrixProtocolError(f"{kind} has no valid id: {brief(item)}")
    return item_id
