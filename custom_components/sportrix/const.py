"""Constants for the Sportrix Live Scores integration."""

from typing import Final

DOMAIN: Final = "sportrix"
MANUFACTURER: Final = "Sportrix Data"

CONF_STREAM_URL: Final = "stream_url"
CONF_API_URL: Final = "api_url"
CONF_MATCH_IDS: Final = "match_ids"
# Seconds by which frames are held back to match a TV broadcast.
CONF_BROADCAST_DELAY: Final = "broadcast_delay"
# Create the statistics sensors of new matches enabled (they are many: twelve a match).
CONF_STATISTICS: Final = "statistics"
# Seconds between two polls of a match in play, for a key without the stream.
CONF_POLL_INTERVAL: Final = "poll_interval"


# The name an entry is offered: the first "Sportrix", then "Sportrix 2" and on.
DEFAULT_ENTRY_NAME: Final = "Sportrix"

# One connection carries every match, but a dashboard of more than this is a misconfiguration.
MAX_MATCHES: Final = 50
MAX_MATCH_ID: Final = 2**31 - 1

# A reconnect within this many seconds does not flash every entity unavailable and back.
UNAVAILABLE_GRACE: Final = 5.0

EVENT_GOAL: Final = "sportrix_goal"
EVENT_GOAL_CANCELLED: Final = "sportrix_goal_cancelled"
EVENT_WICKET: Final = "sportrix_wicket"
EVENT_MATCH_STATUS: Final = "sportrix_match_status"

# Config subentries: a followed team or competition, found in the catalog.
SUBENTRY_TEAM: Final = "team"
SUBENTRY_COMPETITION: Final = "competition"
CONF_SPORT_ID: Final = "sport_id"
# The sport's lowercase name, as the snapshot's `sport` field spells it ("soccer").
CONF_SPORT: Final = "sport"
CONF_LEAGUE_ID: Final = "league_id"
CONF_LEAGUE: Final = "league"
CONF_TEAM: Final = "team"
CONF_SILK_URL: Final = "silk_url"
