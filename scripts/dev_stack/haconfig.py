"""The demo's Home Assistant configuration directory."""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
INTEGRATION_SOURCE = REPO_ROOT / "custom_components" / "sportrix"

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

CONFIGURATION_YAML = """\
# The Sportrix demo's Home Assistant, written once by scripts/develop; edit it freely.
# A short list instead of `default_config:`: nothing here needs hardware, system libraries or
# the internet.
frontend:
http:
  # The demo user's password is public: listen on loopback unless asked otherwise.
  server_host: {host}
  server_port: {port}
api:
config:
history:
logbook:
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


def write_configuration(config_dir: Path, *, host: str, port: int) -> bool:
    """Create the configuration directory unless it exists; return whether it was created."""
    config_file = config_dir / "configuration.yaml"
    link_integration(config_dir)
    if config_file.exists():
        return False
    config_dir.mkdir(parents=True, exist_ok=True)
    db_path = (config_dir / "home-assistant_v2.db").resolve()
    config_file.write_text(
        CONFIGURATION_YAML.format(host=host, port=port, db_path=db_path), encoding="utf-8"
    )
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
