"""API keys: scopes, sport allowlists and expiry, with the demo set."""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from types import MappingProxyType


class Scope(StrEnum):
    """Name a customer scope of the Sportrix API."""

    FIXTURES = "fixtures"
    LIVE_SCORES = "live_scores"
    LIVE_SCORES_STATISTICS = "live_scores_statistics"
    FINAL_SCORES = "final_scores"


ALL_SCOPES: frozenset[str] = frozenset(Scope)

KEY_FULL = "sk_demo_full"
KEY_LIVE_ONLY = "sk_demo_live_only"
KEY_SOCCER = "sk_demo_soccer"
KEY_STREAM_ONLY = "sk_demo_stream_only"
KEY_EXPIRED = "sk_demo_expired"


@dataclass(frozen=True, slots=True)
class ApiKey:
    """Hold what one API key may do."""

    # The key itself stays out of repr so that logging a key object never leaks it.
    key: str = field(repr=False)
    scopes: frozenset[str]
    # Sport slugs ("soccer", "cricket"); None allows every sport.
    sports: frozenset[str] | None = None
    expires_at: datetime | None = None

    def is_active(self, now: datetime | None = None) -> bool:
        """Return whether the key has not expired."""
        if self.expires_at is None:
            return True
        return (now or datetime.now(UTC)) < self.expires_at

    def has_scope(self, scope: str) -> bool:
        """Return whether the key holds a scope."""
        return scope in self.scopes

    def allows_sport(self, sport: str) -> bool:
        """Return whether the key's allowlist covers a sport slug."""
        return self.sports is None or sport in self.sports


def make_key(
    key: str,
    scopes: Iterable[str] = ALL_SCOPES,
    sports: Iterable[str] | None = None,
    expires_at: datetime | None = None,
) -> ApiKey:
    """Build a key, checking scope names and normalising sport names."""
    scope_set = frozenset(scopes)
    if unknown := scope_set - ALL_SCOPES:
        raise ValueError(f"unknown scopes: {sorted(unknown)}")
    if expires_at is not None and expires_at.tzinfo is None:
        expires_at = expires_at.replace(tzinfo=UTC)
    sport_set = None if sports is None else frozenset(s.lower() for s in sports)
    return ApiKey(key=key, scopes=scope_set, sports=sport_set, expires_at=expires_at)


DEMO_KEYS: Mapping[str, ApiKey] = MappingProxyType(
    {
        KEY_FULL: make_key(KEY_FULL),
        KEY_LIVE_ONLY: make_key(KEY_LIVE_ONLY, scopes=[Scope.LIVE_SCORES]),
        KEY_SOCCER: make_key(KEY_SOCCER, sports=["soccer"]),
        KEY_STREAM_ONLY: make_key(
            KEY_STREAM_ONLY, scopes=[Scope.LIVE_SCORES, Scope.LIVE_SCORES_STATISTICS]
        ),
        KEY_EXPIRED: make_key(KEY_EXPIRED, expires_at=datetime(2025, 1, 1, tzinfo=UTC)),
    }
)
