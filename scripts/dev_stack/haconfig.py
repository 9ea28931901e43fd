"""The demo's Home Assistant configuration directory."""

from __future__ import annotations

import json
from pathlib import Path
import shutil

import homeassistant

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEGRATION_SOURCE = REPO_ROOT / "custom_components" / "sportrix"
BLUEPRINTS_SOURCE = REPO_ROOT / "blueprints" / "automation" / "sportrix"
# Where Home Assistant looks for them: a blueprint's path is relative to blueprints/automation/.
BLUEPRINTS_FOLDER = Path("blueprints") / "automation" / "sportrix"

# Listed instead of `default_config:`, which also loads integrations that need hardware (bluetooth,
# usb), system libraries or the internet. The frontend brings its own dependencies (auth,
# onboarding, lovelace, search and more); Home Assistant adds automation, person, script and a few
# helpers by itself.
CONFIGURED_INTEGRATIONS = (
    "frontend",
    "http",
    "api",
    "config",
    "history",
    "logbook",
    "automation",
    "recorder",
    "logger",
)
# Finishing onboarding's core_config step starts these flows; their modules must import.
ONBOARDING_INTEGRATIONS = ("google_translate", "met", "radio_browser", "shopping_list")
# Of those, the ones that reach out to the internet: the demo removes their entries.
ONLINE_ONBOARDING_INTEGRATIONS = ("google_translate", "met", "radio_browser")

HTTP_YAML = """\
http:
  # The demo user's password is public: listen on loopback unless asked otherwise.
  server_host: {host}
  server_port: {port}
"""
HTTP_IN_STORAGE_NOTE = """\
# No http: here. This Home Assistant keeps its HTTP settings in .storage/http, where
# scripts/develop wrote them (listen on {host}, port {port}): from YAML they would be a new
# configuration that a person has to confirm in the browser within minutes.
"""

CONFIGURATION_YAML = """\
# The Sportrix demo's Home Assistant, written once by scripts/develop; edit it freely.
# A short list instead of `default_config:`: nothing here needs hardware, system libraries or
# the internet.
frontend:
{http}api:
config:
history:
logbook:
  # The demo enables the pitch for its cards; as the README suggests, its every move stays out
  # of the Activity log, which tells goals, wickets and changes of status.
  exclude:
    entity_globs:
      - sensor.*_phase
automation: !include automations.yaml
recorder:
  db_url: "sqlite:///{db_path}"
  # Commit every second so the logbook and history show what just happened.
  commit_interval: 1
  purge_keep_days: 3
logger:
  default: warning
  logs:
    custom_components.sportrix: info
    # The cloud code that onboarding imports probes for libturbojpeg, which only speeds up
    # camera snapshots; this setup has no camera.
    homeassistant.components.camera.img_util: critical
    # Onboarding's text-to-speech entry looks for the ffmpeg program before the demo removes
    # that entry; nothing else here plays media.
    haffmpeg: critical
"""


def http_settings_in_storage() -> bool:
    """Tell whether the installed Home Assistant keeps its HTTP settings in storage."""
    # Current releases store them (components/http/config.py) and take `http:` from YAML only
    # once, as a pending change that the owner must confirm in a dialog or it is reverted.
    return (Path(homeassistant.__file__).parent / "components" / "http" / "config.py").exists()


def http_storage(host: str, port: int) -> dict[str, object]:
    """Return .storage/http holding the demo's HTTP settings as confirmed ones."""
    # Version 1 is the oldest layout, the plain settings; every release that stores them
    # migrates it into its own layout as the confirmed ("stable") configuration, so nothing is
    # pending and nothing asks to be confirmed.
    return {
        "version": 1,
        "minor_version": 1,
        "key": "http",
        "data": {"server_host": [host], "server_port": port},
    }


def write_configuration(
    config_dir: Path, *, host: str, port: int, http_in_storage: bool | None = None
) -> bool:
    """Create the configuration directory unless it exists; return whether it was created."""
    config_file = config_dir / "configuration.yaml"
    link_integration(config_dir)
    copy_blueprints(config_dir)
    if config_file.exists():
        return False
    if http_in_storage is None:
        http_in_storage = http_settings_in_storage()
    config_dir.mkdir(parents=True, exist_ok=True)
    db_path = (config_dir / "home-assistant_v2.db").resolve()
    if http_in_storage:
        storage = config_dir / ".storage"
        storage.mkdir(exist_ok=True)
        (storage / "http").write_text(
            json.dumps(http_storage(host, port), indent=2) + "\n", encoding="utf-8"
        )
        http = HTTP_IN_STORAGE_NOTE.format(host=host, port=port)
    else:
        http = HTTP_YAML.format(host=host, port=port)
    config_file.write_text(CONFIGURATION_YAML.format(http=http, db_path=db_path), encoding="utf-8")
    (config_dir / "automations.yaml").write_text("[]\n", encoding="utf-8")
    return True


def link_integration(config_dir: Path) -> None:
    """Point the configuration's custom_components/sportrix at this repository's integration."""
    custom = config_dir / "custom_components"
    custom.mkdir(parents=True, exist_ok=True)
    link = custom / "sportrix"
    if link.is_symlink() and link.resolve() == INTEGRATION_SOURCE:
        return
    if link.is_symlink():
        link.unlink()
    elif link.exists():
        raise RuntimeError(f"{link} exists and is not a link to {INTEGRATION_SOURCE}")
    link.symlink_to(INTEGRATION_SOURCE, target_is_directory=True)


def copy_blueprints(config_dir: Path) -> None:
    """Copy this repository's blueprints into the configuration, as importing them would."""
    # Copies, not a link: Home Assistant's blueprint list does not follow a linked folder. They
    # are copied again at every start, so the demo runs the blueprints of this checkout.
    target = config_dir / BLUEPRINTS_FOLDER
    target.mkdir(parents=True, exist_ok=True)
    for blueprint in sorted(BLUEPRINTS_SOURCE.glob("*.yaml")):
        shutil.copyfile(blueprint, target / blueprint.name)
