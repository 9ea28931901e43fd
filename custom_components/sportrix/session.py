"""The HTTP session the Sportrix client uses: Home Assistant's, with redirects refused."""

from aiohttp import ClientSession
from homeassistant.core import HomeAssistant
from homeassistant.helpers.aiohttp_client import async_create_clientsession

from .api import no_redirects


def async_create_sportrix_session(
    hass: HomeAssistant, *, auto_cleanup: bool = True
) -> ClientSession:
    """Return a session on Home Assistant's connector that never follows a redirect.

    A redirect would carry the API key to another host, and the stream's handshake can only
    be kept from following one at the session level. With auto_cleanup, Home Assistant closes
    the session when the config entry that made it unloads, or at shutdown; without it, the
    caller must detach() it.
    """
    return async_create_clientsession(
        hass, auto_cleanup=auto_cleanup, trace_configs=[no_redirects()]
    )
