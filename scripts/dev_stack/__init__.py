"""Run Home Assistant with this repository's integration against the Sportrix simulator.

`scripts/develop` starts the demo stack for a person; `scripts/e2e` starts the same stack on free
ports and drives it in a real browser.
"""
