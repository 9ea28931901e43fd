"""Timestamps in the API's ISO 8601 UTC form."""

from datetime import UTC, datetime


def utc_now() -> datetime:
    """Return the current time in UTC."""
    return datetime.now(UTC)


def iso_z(moment: datetime) -> str:
    """Format a moment as ISO 8601 UTC with a Z suffix and whole seconds."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_iso(text: str) -> datetime:
    """Parse an ISO 8601 timestamp; a naive one is taken as UTC."""
    # fromisoformat accepts "Z", but a "+" from an unencoded query string arrives as a space.
    moment = datetime.fromisoformat(text.strip().replace(" ", "+"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)
