"""Install what the demo's Home Assistant imports, at the versions the installed core pins.

Home Assistant installs integration requirements at startup, from the network. The demo runs it
with --skip-pip instead, so this module installs them beforehand: the requirements of every
integration the demo configuration loads, with their dependencies, read from the manifests of
the installed Home Assistant (the frontend package among them, at exactly its pinned version).
"""

from __future__ import annotations

import argparse
from importlib.metadata import distributions, version
import json
from pathlib import Path
import shutil
import subprocess
import sys

import homeassistant
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .haconfig import CONFIGURED_INTEGRATIONS, INTEGRATION_SOURCE, ONBOARDING_INTEGRATIONS

HA_PACKAGE = Path(homeassistant.__file__).parent
CONSTRAINTS = HA_PACKAGE / "package_constraints.txt"
# Written into the venv once its requirements are in place for a given fingerprint.
MARKER = Path(sys.prefix) / ".develop-requirements.json"


def bootstrap_integrations() -> set[str]:
    """Return the integrations Home Assistant sets up whatever the configuration says."""
    # Imported here: it takes seconds, and only a changed fingerprint needs it.
    from homeassistant import bootstrap  # noqa: PLC0415

    return {*bootstrap.CORE_INTEGRATIONS, *bootstrap.DEFAULT_INTEGRATIONS}


def manifest(domain: str) -> dict[str, object]:
    """Read the manifest of a core integration or of this repository's one."""
    if domain == INTEGRATION_SOURCE.name:
        path = INTEGRATION_SOURCE / "manifest.json"
    else:
        path = HA_PACKAGE / "components" / domain / "manifest.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise TypeError(f"{path} is not a JSON object")
    return data


def _strings(value: object) -> list[str]:
    """Return value's strings when it is a list, else nothing."""
    return [item for item in value if isinstance(item, str)] if isinstance(value, list) else []


def loaded_integrations() -> set[str]:
    """Return the integrations the demo loads, with every dependency."""
    pending = {
        *bootstrap_integrations(),
        *CONFIGURED_INTEGRATIONS,
        *ONBOARDING_INTEGRATIONS,
        INTEGRATION_SOURCE.name,
    }
    seen: set[str] = set()
    while pending:
        domain = pending.pop()
        seen.add(domain)
        pending.update(set(_strings(manifest(domain).get("dependencies"))) - seen)
    return seen


def requirements() -> list[Requirement]:
    """Return the requirements of the loaded integrations and of their after-dependencies."""
    loaded = loaded_integrations()
    # An after-dependency is only set up first when configured, but its module may still be
    # imported (analytics imports hassio, which needs aiohasupervisor).
    after = {
        domain
        for loaded_domain in loaded
        for domain in _strings(manifest(loaded_domain).get("after_dependencies"))
    }
    found = {
        text for domain in loaded | after for text in _strings(manifest(domain).get("requirements"))
    }
    return [Requirement(text) for text in sorted(found)]


def missing() -> list[Requirement]:
    """Return the requirements that the running interpreter's environment does not satisfy."""
    installed = {canonicalize_name(dist.metadata["Name"]): dist.version for dist in distributions()}
    return [
        req
        for req in requirements()
        if (version := installed.get(canonicalize_name(req.name))) is None
        or not req.specifier.contains(version, prereleases=True)
    ]


def install(reqs: list[Requirement]) -> None:
    """Install requirements into this interpreter's environment, within core's constraints."""
    names = [str(req) for req in reqs]
    if shutil.which("uv", path=str(Path(sys.executable).parent)):
        uv = str(Path(sys.executable).parent / "uv")
        command = [uv, "pip", "install", "--python", sys.executable, "--compile-bytecode"]
        command += ["-c", str(CONSTRAINTS)]
    else:
        command = [sys.executable, "-m", "pip", "install", "-q", "-c", str(CONSTRAINTS)]
    print(f"develop: installing {' '.join(names)}", flush=True)
    subprocess.run([*command, *names], check=True)


def fingerprint() -> str:
    """Return what the list of requirements depends on, to skip the check when unchanged."""
    return json.dumps(
        {
            # Changed when the way the list is made changes, to install what it now includes.
            "list": 2,
            "homeassistant": version("homeassistant"),
            "integrations": sorted({*CONFIGURED_INTEGRATIONS, *ONBOARDING_INTEGRATIONS}),
            "sportrix": manifest(INTEGRATION_SOURCE.name).get("requirements"),
        },
        sort_keys=True,
    )


def main() -> None:
    """List or install the missing requirements."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--install", action="store_true", help="install what is missing")
    args = parser.parse_args()
    if not args.install:
        print("\n".join(str(req) for req in missing()))
        return
    current = fingerprint()
    if MARKER.exists() and MARKER.read_text(encoding="utf-8") == current:
        return
    if absent := missing():
        install(absent)
    MARKER.write_text(current, encoding="utf-8")


if __name__ == "__main__":
    main()
