"""The browser test's check of Home Assistant's log: no API use reported against the integration."""

from scripts.dev_stack.stack import usage_reports

DEPRECATED = (
    "2026-10-04 20:15:02.123 WARNING (MainThread) [homeassistant.helpers.frame] Detected that "
    "custom integration 'sportrix' calls `device_registry.async_update_device` with one of "
    "`add_config_entry_id`, `add_config_subentry_id`, `remove_config_entry_id` or "
    "`remove_config_subentry_id`; a device now belongs to a single config entry and subentry. "
    "Move a device with `new_config_entry_id` and/or `new_config_subentry_id`, or remove it with "
    "`async_remove_device` at custom_components/sportrix/devices.py, line 88: "
    "registry.async_update_device(. This will stop working in Home Assistant 2027.8.0, please "
    "report it to the author of the 'sportrix' custom integration"
)
BLOCKING = (
    "2026-10-04 20:15:03.456 WARNING (MainThread) [homeassistant.util.loop] Detected blocking "
    "call to open with args ('/config/x.json',) inside the event loop by custom integration "
    "'sportrix' at custom_components/sportrix/diagnostics.py, line 12: open(path) "
    "(offender: custom_components/sportrix/diagnostics.py, line 12: open(path)), please report"
)
OTHERS = (
    (
        "2026-10-04 20:15:00.000 WARNING (SyncWorker_0) [homeassistant.loader] We found a custom "
        "integration sportrix which has not been tested by Home Assistant."
    ),
    (
        "2026-10-04 20:15:02.500 WARNING (MainThread) [homeassistant.helpers.frame] Detected "
        "that custom integration 'other' calls `async_update_device` at "
        "custom_components/other/__init__.py, line 3: x. Please report it"
    ),
    (
        "2026-10-04 20:15:02.900 INFO (MainThread) [custom_components.sportrix.api.stream] "
        "Reconnected to the Sportrix stream"
    ),
)
LOG = "\n".join((OTHERS[0], DEPRECATED, OTHERS[1], OTHERS[2], BLOCKING))


def test_reports_against_the_integration_are_found() -> None:
    assert usage_reports(LOG) == [DEPRECATED, BLOCKING]


def test_a_clean_log_has_none() -> None:
    assert usage_reports("\n".join(OTHERS)) == []
    assert usage_reports("") == []
