"""The "what's the score" blueprint: Assist's own agent answers from the live demo matches."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from homeassistant.core import HomeAssistant
from homeassistant.setup import async_setup_component
from homeassistant.util import dt as dt_util
import pytest

from sportrix_simulator import Simulator
from tests.integration.helpers import simulator_entry, team_subentry, wait_for, wait_for_state

from .conftest import set_up_automations

# The conversation integration matches sentences with hassil, which not every test venv has.
pytest.importorskip("hassil")

SOCCER = 41282
CRICKET = 50001
SCORE = "sensor.vancouver_whitecaps_ii_vs_the_town_score"
TACOMA = "Tacoma Defiance"
TACOMA_MATCH = 41320
NOBODY = "Nobody FC"
DASH = "\u2013"


@pytest.fixture(autouse=True)
def auto_enable_custom_integrations(enable_custom_integrations: None) -> None:
    """Let Home Assistant load the integration from custom_components."""


@pytest.fixture
async def kick_off(simulator: Simulator) -> datetime:
    """Put Tacoma's next match five hours from now, outside the window it is followed in."""
    start = (dt_util.utcnow() + timedelta(hours=5)).replace(second=0, microsecond=0)
    simulator.schedule(TACOMA_MATCH, start)
    return start


@pytest.fixture
async def followed(
    hass: HomeAssistant, simulator: Simulator, config_dir: Path, kick_off: datetime
) -> AsyncIterator[None]:
    """Follow both live demo matches, a team with a match later, one with none; the blueprint."""
    entry = simulator_entry(
        simulator, [SOCCER, CRICKET], [team_subentry(TACOMA), team_subentry(NOBODY)]
    )
    entry.add_to_hass(hass)
    assert await hass.config_entries.async_setup(entry.entry_id)
    matches = entry.runtime_data.matches
    await wait_for(hass, lambda: all(matches[m].snapshot for m in (SOCCER, CRICKET)))
    # The poll the entry runs at start, awaited to know the catalog is in.
    await entry.runtime_data.following.async_poll()
    await wait_for_state(hass, "sensor.nobody_fc_scoreboard", "NOT_FOUND")
    await wait_for_state(hass, "sensor.tacoma_defiance_scoreboard", "PRE")
    assert await async_setup_component(hass, "homeassistant", {})
    assert await async_setup_component(hass, "conversation", {})
    await set_up_automations(hass, {"whats_the_score.yaml": {}})
    yield
    await hass.config_entries.async_unload(entry.entry_id)


async def ask(hass: HomeAssistant, text: str, language: str = "en") -> str:
    """Ask the default agent, as the voice pipeline does, and return the speech."""
    response: Any = await hass.services.async_call(
        "conversation",
        "process",
        {"text": text, "language": language},
        blocking=True,
        return_response=True,
    )
    return str(response["response"]["speech"]["plain"]["speech"])


@pytest.mark.usefixtures("followed")
async def test_the_score_of_a_live_match(hass: HomeAssistant, simulator: Simulator) -> None:
    await simulator.score_goal(SOCCER, "away")
    await simulator.score_goal(SOCCER, "away")
    await wait_for_state(hass, SCORE, "0-2")
    await wait_for(hass, lambda: "2" in str(_board(hass)))

    answer = await ask(hass, "What's the score of the Town?")

    assert answer.startswith(f"Vancouver Whitecaps II 0 {DASH} 2 The Town")


def _board(hass: HomeAssistant) -> Any:
    state = hass.states.get("sensor.vancouver_whitecaps_ii_vs_the_town_scoreboard")
    return state.attributes.get("opponent_score") if state else None


@pytest.mark.usefixtures("followed")
async def test_a_cricket_match_and_other_wordings(hass: HomeAssistant) -> None:
    assert (await ask(hass, "what is the score in india")).startswith("India 1/0 (0.1 ov)")
    answer = await ask(hass, "Wie steht es bei Australia?", language="de")
    assert answer.startswith(f"India 1/0 (0.1 ov) {DASH} Australia")


@pytest.mark.usefixtures("followed")
@pytest.mark.parametrize(
    ("language", "text", "answer"),
    [
        ("en", "what's the score of nobody fc", "Nobody FC has no match in the next seven days."),
        ("de", "Wie ist der Spielstand von Nobody FC", "Nobody FC hat in den nächsten sieben"),
        ("fr", "Quel est le score de Nobody FC ?", "Nobody FC n'a pas de match"),
        ("es", "¿Cuál es el marcador de Nobody FC?", "Nobody FC no tiene partido"),
        ("it", "Qual è il punteggio di Nobody FC", "Nobody FC non ha partite"),
        ("nl", "Wat is de stand van Nobody FC", "Nobody FC heeft de komende"),
        ("pt-BR", "Qual é o placar do Nobody FC", "Nobody FC não tem jogo"),
        ("hi", "Nobody FC का स्कोर क्या है", "Nobody FC का अगले सात दिनों में कोई मैच नहीं है।"),
        ("pl", "Jaki jest wynik Nobody FC", "Nobody FC nie ma meczu"),
    ],
)
async def test_a_team_without_a_match_in_each_language(
    hass: HomeAssistant, language: str, text: str, answer: str
) -> None:
    assert (await ask(hass, text, language)).startswith(answer)


@pytest.mark.usefixtures("followed")
async def test_an_unknown_team_is_said_to_be_unknown(hass: HomeAssistant) -> None:
    answer = await ask(hass, "what's the score of Arsenal")
    assert answer == "No followed team or match is called Arsenal."
    answer = await ask(hass, "Arsenal का स्कोर कितना है", language="hi")
    assert answer == "Arsenal नाम की कोई फ़ॉलो की गई टीम या मैच नहीं है।"


@pytest.mark.usefixtures("followed")
async def test_a_name_with_a_bracket_is_only_text(hass: HomeAssistant) -> None:
    """What is asked is matched as text, not as a pattern: a lone bracket breaks nothing."""
    answer = await ask(hass, "what's the score of Salmon Bay FC (W")
    assert answer == "No followed team or match is called Salmon Bay FC (W."


@pytest.mark.usefixtures("followed")
async def test_a_team_before_its_match_tells_the_kick_off(
    hass: HomeAssistant, kick_off: datetime
) -> None:
    local = dt_util.as_local(kick_off)
    shown = local.strftime("%H:%M" if local.date() == dt_util.now().date() else "%Y-%m-%d %H:%M")

    answer = await ask(hass, "whats the score for tacoma")

    assert answer == f"Tacoma Defiance {DASH} Ventura County FC: kick-off {shown}."
