// The match card's words in every language, and what the browser loads: node --test tests/card/

import assert from "node:assert/strict";
import { readFileSync, readdirSync, statSync } from "node:fs";
import { before, describe, test } from "node:test";

import {
  LANGUAGES,
  STRINGS,
  addWords,
  loadWords,
  translate,
  wordsFile,
} from "../../custom_components/sportrix/frontend/sportrix-card-logic.mjs";

const INTEGRATION = new URL("../../custom_components/sportrix/", import.meta.url);
const FRONTEND = new URL("frontend/", INTEGRATION);
const I18N = new URL("i18n/", FRONTEND);
const BUDGET = 80_000;
const ENGLISH = { ...STRINGS.en };

// Words a language rightly shares with English: the game's own loanwords and the live badge.
// Each entry must really be identical, so that the list stays short and true.
const SAME_AS_ENGLISH = {
  live: ["de", "nl"],
  wicket: ["de", "it", "nl", "pl", "pt-BR"],
  possession: ["fr"],
  corners: ["fr"],
  editor_teams: ["nl"],
};

const read = (file) => JSON.parse(readFileSync(new URL(`${file}.json`, I18N), "utf-8"));
const fromDisk = async (file) => read(file);
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((found) => found[1]).sort();

describe("every language's words", () => {
  test("one file per language, the languages of the integration's own translations", () => {
    const files = readdirSync(I18N).sort();
    assert.deepEqual(files, LANGUAGES.map((language) => `${language}.json`).sort());
    const translations = readdirSync(new URL("translations/", INTEGRATION))
      .map((file) => file.replace(/\.json$/, ""))
      .filter((language) => language !== "en");
    assert.deepEqual([...LANGUAGES].sort(), translations.sort());
  });

  for (const language of LANGUAGES) {
    describe(language, () => {
      const words = read(language);

      test("every English key, and no other", () => {
        assert.deepEqual(Object.keys(words).filter((key) => !(key in ENGLISH)), [], "extra keys");
        assert.deepEqual(Object.keys(ENGLISH).filter((key) => !(key in words)), [], "missing keys");
      });

      test("non-empty strings with the English placeholders", () => {
        for (const [key, text] of Object.entries(words)) {
          assert.ok(typeof text === "string" && text.trim() === text && text, `${language}.${key}`);
          assert.deepEqual(placeholders(text), placeholders(ENGLISH[key]), `${language}.${key}`);
        }
      });

      test("translated: nothing left in English but the allowed words", () => {
        const same = Object.keys(words).filter((key) => words[key] === ENGLISH[key]);
        const allowed = Object.keys(SAME_AS_ENGLISH).filter((key) => SAME_AS_ENGLISH[key].includes(language));
        assert.deepEqual(same.sort(), allowed.sort());
      });
    });
  }
});

describe("loading the words", () => {
  test("a language's own file, else its base language's; none for English or unknown", () => {
    assert.equal(wordsFile("pt-BR"), "pt-BR");
    assert.equal(wordsFile("de-AT"), "de");
    assert.equal(wordsFile("pt"), null);
    assert.equal(wordsFile("pt-PT"), null);
    assert.equal(wordsFile("en"), null);
    assert.equal(wordsFile("en-GB"), null);
    assert.equal(wordsFile("xx"), null);
    assert.equal(wordsFile(undefined), null);
  });

  test("English and unknown languages fetch nothing", async () => {
    const asked = [];
    const fetchWords = async (file) => asked.push(file);
    assert.equal(await loadWords("en", fetchWords), null);
    assert.equal(await loadWords("xx-YY", fetchWords), null);
    assert.deepEqual(asked, []);
  });

  test("a failed fetch leaves English, and is tried again next time", async () => {
    const failing = async () => {
      throw new TypeError("Failed to fetch");
    };
    assert.equal(await loadWords("nl", failing), null);
    assert.equal(await loadWords("nl", async () => null), null);
    assert.equal(translate("nl", "live"), "Live");
    assert.equal(translate("nl", "no_match"), ENGLISH.no_match);
    assert.equal(await loadWords("nl", fromDisk), "nl");
    assert.equal(translate("nl", "no_match"), "Geen wedstrijd gepland");
  });

  test("each file is fetched once, whichever region asks", async () => {
    const asked = [];
    const counting = (file) => {
      asked.push(file);
      return fromDisk(file);
    };
    const loads = await Promise.all(["de", "de-AT", "de-CH", "de"].map((language) => loadWords(language, counting)));
    assert.deepEqual(loads, ["de", "de", "de", "de"]);
    assert.equal(await loadWords("de", counting), "de");
    assert.deepEqual(asked, ["de"]);
  });

  test("a stale or damaged file adds only strings for the card's own keys", () => {
    assert.equal(addWords("zz", { live: "Ao vivo", gone: "x", goal: 3, wicket: "", toString: "x" }), 1);
    try {
      assert.deepEqual(STRINGS.zz, { live: "Ao vivo" });
      assert.equal(translate("zz", "goal"), ENGLISH.goal);
      assert.equal(addWords("zz", null), 0);
      assert.equal(addWords("zz", "not words"), 0);
      assert.equal(translate("zz", "live"), "Ao vivo");
    } finally {
      delete STRINGS.zz;
    }
  });
});

describe("translate", () => {
  let loaded;
  before(async () => {
    loaded = await Promise.all(LANGUAGES.map((language) => loadWords(language, fromDisk)));
  });

  test("every language loads from its file", () => {
    assert.deepEqual(loaded, LANGUAGES);
    for (const language of LANGUAGES) assert.deepEqual(STRINGS[language], read(language), language);
  });

  test("pt-BR has its own words; pt and pt-PT, without, fall back to English", () => {
    assert.equal(translate("pt-BR", "goal"), "Gol!");
    assert.equal(translate("pt-BR", "versus"), "x");
    assert.equal(translate("pt", "goal"), "Goal!");
    assert.equal(translate("pt-PT", "no_match"), ENGLISH.no_match);
  });

  test("a region reads its language's words; an unknown language reads English", () => {
    assert.equal(translate("de-AT", "goal"), "Tor!");
    assert.equal(translate("xx", "goal"), "Goal!");
    assert.equal(translate("", "goal"), "Goal!");
    assert.equal(translate(undefined, "target", { runs: 188 }), "Target 188");
  });

  test("a word a language lacks is English; an unknown key is the key", () => {
    const german = STRINGS.de.last_ball;
    delete STRINGS.de.last_ball;
    try {
      assert.equal(translate("de", "last_ball"), ENGLISH.last_ball);
    } finally {
      STRINGS.de.last_ball = german;
    }
    assert.equal(translate("de", "no_such_word"), "no_such_word");
  });

  test("placeholders are filled in every language", () => {
    const values = { team: "India", runs: 23, balls: 14, rate: "9.86", overs: "17.4", seconds: 42, time: "4:59" };
    for (const language of ["en", ...LANGUAGES]) {
      for (const key of Object.keys(ENGLISH)) {
        const text = translate(language, key, values);
        assert.doesNotMatch(text, /\{\w+\}/, `${language}.${key}`);
      }
    }
    assert.equal(translate("hi", "need_balls", { team: "भारत", runs: 23, balls: 14 }), "भारत को 14 गेंदों में 23 रन चाहिए");
    assert.equal(translate("pl", "delay_set", { seconds: 42 }), "Opóźnienie transmisji ustawione na 42 s");
  });
});

describe("what the browser loads", () => {
  const files = (folder) =>
    readdirSync(folder, { withFileTypes: true }).flatMap((entry) =>
      entry.isDirectory() ? files(new URL(`${entry.name}/`, folder)) : [new URL(entry.name, folder)],
    );
  const size = (url) => statSync(url).size;
  const javascript = files(FRONTEND).filter((url) => /\.m?js$/.test(url.pathname));

  test("the served JavaScript stays within its budget", () => {
    assert.ok(javascript.length >= 2);
    const total = javascript.reduce((sum, url) => sum + size(url), 0);
    assert.ok(total < BUDGET, `${total} bytes of JavaScript`);
  });

  test("with the largest language's words, too", () => {
    const total = javascript.reduce((sum, url) => sum + size(url), 0);
    const largest = Math.max(...LANGUAGES.map((language) => size(new URL(`${language}.json`, I18N))));
    assert.ok(total + largest < BUDGET, `${total} + ${largest} bytes`);
  });

  test("the card fetches the words next to it, with its own version", () => {
    const card = readFileSync(new URL("sportrix-match-card.js", FRONTEND), "utf-8");
    assert.match(card, /`\.\/i18n\/\$\{file\}\.json\$\{new URL\(import\.meta\.url\)\.search\}`/);
  });
});
