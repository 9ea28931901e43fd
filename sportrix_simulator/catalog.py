"""The catalog: sports, leagues and the catalog status enum."""

from dataclasses import dataclass
from enum import StrEnum


class CatalogStatus(StrEnum):
    """Name a match's catalog status (uppercase, unlike the snapshot status)."""

    NOT_STARTED = "NOT_STARTED"
    STARTED = "STARTED"
    FINISHED = "FINISHED"
    CLOSE_OF_PLAY = "CLOSE_OF_PLAY"


# Statuses in which a match can be subscribed to and counts as active.
LIVE_STATUSES = frozenset({CatalogStatus.STARTED, CatalogStatus.CLOSE_OF_PLAY})
ACTIVE_STATUSES = LIVE_STATUSES | {CatalogStatus.NOT_STARTED}


@dataclass(frozen=True, slots=True)
class Sport:
    """Describe a sport of the catalog."""

    id: int
    name: str

    @property
    def slug(self) -> str:
        """Return the lowercase name the snapshot's `sport` field uses."""
        return self.name.lower()

    def as_json(self) -> dict[str, object]:
        """Return the REST representation."""
        return {"id": self.id, "name": self.name}


@dataclass(frozen=True, slots=True)
class League:
    """Describe a league, which belongs to exactly one sport."""

    id: int
    name: str
    sport_id: int

    def as_json(self) -> dict[str, object]:
        """Return the REST representation."""
        return {"id": self.id, "name": self.name}


SOCCER = Sport(1, "Soccer")
CRICKET = Sport(2, "Cricket")
SPORTS: tuple[Sport, ...] = (SOCCER, CRICKET)

LEAGUES: tuple[League, ...] = (
    League(101, "USA MLS Next Pro League", SOCCER.id),
    League(102, "Swedish Division 2", SOCCER.id),
    League(201, "ICC Men's T20 Series", CRICKET.id),
)
# Teams a league has besides those playing its matches, so that a team picker offers more.
EXTRA_TEAMS: dict[int, tuple[str, ...]] = {
    101: ("Portland Timbers 2", "St. Louis City 2", "Colorado Rapids 2"),
    102: ("Täby FK", "Sollentuna FK", "Karlbergs BK"),
    201: ("England", "New Zealand", "South Africa"),
}
# Teams whose kit image the service has not resolved yet: their silk_url is "", as documented.
UNRESOLVED_SILKS = frozenset({"Karlbergs BK"})
# Only present when synthetic matches are requested, so the demo catalog stays as documented.
SYNTHETIC_LEAGUE = League(190, "Sportrix Synthetic League", SOCCER.id)


def sport_by_id(sport_id: int) -> Sport | None:
    """Return the sport with an id, if any."""
    return next((sport for sport in SPORTS if sport.id == sport_id), None)
