"""Team kit thumbnails ("silks"): a small SVG shirt in colours derived from the team name."""

import colorsys
import hashlib
import re
import unicodedata

SILKS_PATH = "/silks"
# Kit image URLs point here unless the API itself was reached over https. The documented
# silk_url is a public https CDN address, and clients accept no other: a fictitious host
# (.test never resolves) keeps the catalog valid when the simulator runs on plain http.
SILK_ORIGIN = "https://cdn.sportrix.test"

_SHIRT = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">'
    "<title>{title}</title>"
    '<path d="M22 6 L12 10 L2 22 L10 30 L16 25 L16 60 L48 60 L48 25 L54 30 L62 22 L52 10 '
    'L42 6 Q32 14 22 6 Z" fill="{body}" stroke="#222" stroke-width="1.5"/>'
    '<rect x="28" y="14" width="8" height="46" fill="{stripe}"/>'
    '<path d="M22 6 Q32 14 42 6" fill="none" stroke="{stripe}" stroke-width="3"/>'
    "</svg>"
)


def team_slug(name: str) -> str:
    """Return the URL-safe slug of a team name: lowercase ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "team"


def silk_path(name: str) -> str:
    """Return the server path of a team's kit image."""
    return f"{SILKS_PATH}/{team_slug(name)}.svg"


def silk_url(origin: str, name: str) -> str:
    """Return the address of a team's kit image under an origin ("https://host[:port]")."""
    return origin.rstrip("/") + silk_path(name)


def team_colours(name: str) -> tuple[str, str]:
    """Return a team's shirt and stripe colours as #rrggbb, the same for a name every time."""
    digest = hashlib.sha256(name.encode()).digest()
    hue = digest[0] / 255
    # The stripe sits across the colour wheel from the shirt, so the two always contrast.
    shirt = colorsys.hls_to_rgb(hue, 0.35 + digest[1] / 255 * 0.2, 0.75)
    stripe = colorsys.hls_to_rgb((hue + 0.5) % 1.0, 0.85, 0.6)
    return _hex(shirt), _hex(stripe)


def silk_svg(name: str) -> str:
    """Return the SVG document of a team's kit image."""
    body, stripe = team_colours(name)
    title = name.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _SHIRT.format(title=title, body=body, stripe=stripe)


def _hex(rgb: tuple[float, float, float]) -> str:
    """Return an RGB triple of 0..1 floats as #rrggbb."""
    return "#" + "".join(f"{round(channel * 255):02x}" for channel in rgb)
