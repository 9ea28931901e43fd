"""Every language says all that strings.json says, in its own words, as Home Assistant loads it.

strings.json is the source: a key added there fails here for each language until it is
translated. Home Assistant reads translations/<language>.json of a custom integration as it is,
with English for a missing key, so a file must be plain text with no `[%key:...%]` reference;
hassfest's string rules for every translation file are in test_hassfest.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from importlib.machinery import SourceFileLoader
import importlib.util
import json
from pathlib import Path
import re
from types import ModuleType
from typing import Any

from homeassistant.generated.languages import LANGUAGES as HOME_ASSISTANT_LANGUAGES
import pytest

ROOT = Path(__file__).resolve().parents[2]
INTEGRATION = ROOT / "custom_components" / "sportrix"
TRANSLATIONS = INTEGRATION / "translations"

# The languages shipped besides English, with the name the README gives each.
LANGUAGES = {
    "de": "German",
    "es": "Spanish",
    "fr": "French",
    "it": "Italian",
    "nl": "Dutch",
    "pt-BR": "Portuguese (Brazil)",
    "hi": "Hindi",
    "pl": "Polish",
}

# Names, protocol words and identifiers that stay as they are in every language. A string that
# is the same as the English one passes only if nothing else is left once these are taken out.
KEPT_TERMS = (
    "Sportrix Data",
    "Sportrix",
    "REST",
    "API",
    "URL",
    "IDs",
    "ID",
    "live_scores_statistics",
    "fixtures",
    "sk_",
)
# Whole strings a language writes exactly as English does, because the word is its own: the
# cricket words where its fans use the English ones, and words it shares with English.
SAME_AS_ENGLISH = {
    "de": {"Name", "Status", "Runs", "Wickets", "Overs", "Wicket"},
    "es": {"Wickets", "Overs", "Wicket"},
    "fr": {"Score", "Match", "Sport", "Wickets", "Overs", "Wicket"},
    "it": {"Sport", "Wicket"},
    "nl": {"Status", "Team", "Sport", "Runs", "Wickets", "Overs", "Wicket"},
    "pt-BR": {"Wickets", "Overs", "Wicket"},
    "hi": set(),
    "pl": {"Wicket"},
}

PLACEHOLDER = re.compile(r"\{(\w+)\}")
REFERENCE = re.compile(r"\[%key:[^%]+%\]")
BOLD = re.compile(r"\*\*(.+?)\*\*")
LETTER = re.compile(r"[^\W\d_]")


def load_translations_script() -> ModuleType:
    """Import scripts/translations, which knows the English of Home Assistant's references."""
    path = ROOT / "scripts" / "translations"
    loader = SourceFileLoader("sportrix_translations_script_for_languages", str(path))
    spec = importlib.util.spec_from_loader(loader.name, loader)
    assert spec is not None
    module = importlib.util.module_from_spec(spec)
    loader.exec_module(module)
    return module


def leaves(tree: object, path: str = "") -> Iterator[tuple[str, object]]:
    """Yield every leaf of a translation tree with its dotted path."""
    if isinstance(tree, dict) and tree:
        for key, value in tree.items():
            yield from leaves(value, f"{path}.{key}" if path else key)
    else:
        yield path, tree


def english() -> dict[str, str]:
    """Return strings.json's texts by path, Home Assistant's references in English."""
    resolve = load_translations_script().resolve
    strings = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
    return {path: resolve(text) for path, text in leaves(strings) if isinstance(text, str)}


def translation(language: str) -> dict[str, Any]:
    """Return a language file's leaves by path."""
    data = json.loads((TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{language}.json is not a JSON object"
    return dict(leaves(data))


def untranslated_rest(text: str) -> str:
    """Return what is left of an English text once placeholders and kept terms are taken out."""
    text = PLACEHOLDER.sub("", text)
    for term in KEPT_TERMS:
        text = text.replace(term, "")
    return "".join(LETTER.findall(text))


ENGLISH = english()
parametrize_languages = pytest.mark.parametrize("language", LANGUAGES)


def test_the_shipped_files_are_english_and_the_listed_languages() -> None:
    shipped = {path.stem for path in TRANSLATIONS.glob("*.json")}
    assert shipped == {"en", *LANGUAGES}
    # Home Assistant asks for translations/<language>.json by its own language codes.
    assert set(LANGUAGES) <= set(HOME_ASSISTANT_LANGUAGES)


@parametrize_languages
def test_every_key_of_strings_json_is_translated_and_no_other(language: str) -> None:
    translated = translation(language)
    missing = sorted(set(ENGLISH) - set(translated))
    extra = sorted(set(translated) - set(ENGLISH))
    assert not missing, f"{language}.json lacks {missing}"
    assert not extra, f"{language}.json has keys strings.json does not: {extra}"


@parametrize_languages
def test_the_file_is_plain_text_home_assistant_loads(language: str) -> None:
    text = (TRANSLATIONS / f"{language}.json").read_text(encoding="utf-8")
    data = json.loads(text)
    strings = json.loads((INTEGRATION / "strings.json").read_text(encoding="utf-8"))
    assert list(data) == list(strings), "top-level sections differ from strings.json"
    for path, value in leaves(data):
        assert isinstance(value, str), f"{path} is not a string"
        assert value.strip(), f"{path} is empty"
        # Only strings.json's references are resolved, and only in core's build.
        assert not REFERENCE.search(value), f"{path} holds a reference: {value}"


@parametrize_languages
def test_placeholders_and_markdown_are_kept(language: str) -> None:
    translated = translation(language)
    for path, source in ENGLISH.items():
        text = translated.get(path)
        if not isinstance(text, str):
            continue
        assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(source)), (
            f"{language} {path}: placeholders differ: {text!r}"
        )
        assert text.count("**") == source.count("**"), f"{language} {path}: bold differs"
        assert text.count("`") == source.count("`"), f"{language} {path}: code differs"


@parametrize_languages
def test_bold_labels_name_the_buttons_as_the_language_does(language: str) -> None:
    """A bold label that quotes another string (a button) quotes that string's translation."""
    translated = translation(language)
    for path, source in ENGLISH.items():
        for label in BOLD.findall(source):
            quoted = [other for other, text in ENGLISH.items() if text == label]
            if not quoted:
                continue
            names = {translated.get(other) for other in quoted}
            shown = set(BOLD.findall(str(translated.get(path, ""))))
            assert names & shown, f"{language} {path}: **{label}** is not shown as {names}"


@parametrize_languages
def test_nothing_is_left_in_english(language: str) -> None:
    translated = translation(language)
    left = [
        f"{path}: {text!r}"
        for path, text in ENGLISH.items()
        if translated.get(path) == text
        and untranslated_rest(text)
        and text not in SAME_AS_ENGLISH[language]
    ]
    assert not left, f"{language}.json keeps English where the language has words: {left}"


@parametrize_languages
def test_each_word_allowed_to_stay_english_is_used(language: str) -> None:
    """The allow-list stays short: a word no string keeps any longer leaves it."""
    translated = translation(language)
    kept = {text for path, text in ENGLISH.items() if translated.get(path) == text}
    assert SAME_AS_ENGLISH[language] <= kept, SAME_AS_ENGLISH[language] - kept


def test_the_readme_lists_every_language() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.partition("\n## Languages\n")[2].partition("\n## ")[0]
    assert section, "README.md has no Languages section"
    for name in ("English", *LANGUAGES.values()):
        assert name in section, f"README's Languages section does not name {name}"


def test_the_identical_check_catches_an_untranslated_string() -> None:
    assert untranslated_rest("Goal") == "Goal"
    assert untranslated_rest("Sportrix Data") == ""
    assert untranslated_rest("REST API URL") == ""
    assert untranslated_rest("Cannot reach Sportrix Data: {error}") == "Cannotreach"
