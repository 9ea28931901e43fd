// The match card's logic, run by node's test runner: node --test tests/card/

import assert from "node:assert/strict";
import { describe, test } from "node:test";

import {
  STRINGS,
  ballOnPitch,
  buildView,
  cardSize,
  chase,
  clockNow,
  clockText,
  countdown,
  entitiesOf,
  incidents,
  matchColours,
  matchDevice,
  matchView,
  maxOversOf,
  newScore,
  oversToBalls,
  parseInnings,
  parseScore,
  shirtColours,
  sportrixDevices,
  stubDevice,
  teamView,
  translate,
} from "../../custom_components/sportrix/frontend/sportrix-card-logic.mjs";
import {
  CRICKET,
  IDLE_TEAM,
  MINUTE_CHANGED,
  SOCCER,
  TEAM,
  cricketHass,
  fmt,
  soccerHass,
  teamHass,
} from "./fixtures.mjs";

const MINUTE = Date.parse(MINUTE_CHANGED);

describe("words", () => {
  test("a language without a word falls back to English, a region to its language", () => {
    STRINGS.xx = { live: "En vivo {x}" };
    try {
      assert.equal(translate("xx", "live", { x: 1 }), "En vivo 1");
      assert.equal(translate("xx-YY", "live", { x: 2 }), "En vivo 2");
      assert.equal(translate("xx", "no_match"), "No match scheduled");
    } finally {
      delete STRINGS.xx;
    }
    assert.equal(translate(undefined, "target", { runs: 188 }), "Target 188");
    assert.equal(translate("en", "need_runs", { team: "India" }), "India need {runs} to win");
  });

  test("every English word is a non-empty string", () => {
    for (const [key, text] of Object.entries(STRINGS.en)) assert.ok(typeof text === "string" && text, key);
  });
});

describe("devices", () => {
  test("a device's entities by translation key, its own only", () => {
    const hass = teamHass();
    const keys = entitiesOf(hass, SOCCER);
    assert.equal(keys.minute, "sensor.dev_soccer_minute");
    assert.equal(keys.goal, "event.dev_soccer_goal");
    assert.equal(keys.team_match, undefined);
    assert.equal(entitiesOf(hass, TEAM).team_match, "sensor.dev_team_team_match");
  });

  test("the editor lists matches then teams; a new card shows a match in play", () => {
    const hass = teamHass();
    Object.assign(hass.entities, cricketHass({ status: "not_started" }).entities);
    Object.assign(hass.states, cricketHass({ status: "not_started" }).states);
    hass.devices[CRICKET] = cricketHass().devices[CRICKET];
    hass.entities["light.kitchen"] = { entity_id: "light.kitchen", device_id: "other", platform: "hue" };
    const devices = sportrixDevices(hass);
    assert.deepEqual(
      devices.map((d) => [d.kind, d.name, d.sport]),
      [
        ["match", "India vs Australia", "cricket"],
        ["match", "Vancouver Whitecaps II vs The Town", "soccer"],
        ["team", "Karlbergs BK", "soccer"],
        ["team", "The Town", "soccer"],
      ],
    );
    assert.equal(stubDevice(devices), SOCCER);
    assert.equal(stubDevice(devices.filter((d) => d.kind === "team")), IDLE_TEAM);
    assert.equal(stubDevice([]), null);
  });

  test("a team's match device, by identifier or else by its name", () => {
    const hass = teamHass();
    assert.equal(matchDevice(hass, 41282, "x", "y"), SOCCER);
    delete hass.devices[SOCCER].identifiers;
    assert.equal(matchDevice(hass, 41282, "Vancouver Whitecaps II", "the town "), SOCCER);
    assert.equal(matchDevice(hass, 41282, "Someone", "Else"), null);
    assert.equal(matchDevice(hass, undefined, "a", "b"), null);
  });
});

describe("soccer", () => {
  test("a live match: score, kits, clock, goals and red cards, phase, statistics", () => {
    const view = matchView(soccerHass(), SOCCER, fmt);
    assert.equal(view.stage, "live");
    assert.equal(view.available, true);
    assert.equal(view.competition, "USA MLS Next Pro League");
    assert.deepEqual(view.sides.map((s) => [s.name, s.score, s.logo]), [
      ["Vancouver Whitecaps II", 2, null],
      ["The Town", 1, "https://cdn.example/silks/the-town.svg"],
    ]);
    assert.deepEqual(view.sides[0].incidents.map((i) => [i.kind, i.minute]), [["goal", "12"], ["goal", "60"]]);
    assert.deepEqual(view.sides[1].incidents.map((i) => [i.kind, i.minute]), [["red", "31"], ["goal", "45+2"]]);
    assert.deepEqual(view.clock, { minute: 67, period: "2h", periodText: "«2h»", since: MINUTE, running: true });
    assert.deepEqual(view.phase, { label: "Dangerous attack", side: "away" });
    assert.ok(Math.abs(view.ball.x - 0.16) < 1e-9);
    assert.deepEqual(view.stats.map((s) => [s.key, s.home, s.away]), [
      ["possession", 56, 44],
      ["shots", 9, 4],
      ["shots_on_target", 5, 2],
    ]);
    assert.equal(view.lastEvent, "60' Goal Vancouver Whitecaps II");
  });

  test("the timeline of a last event sensor, where the scoreboard has none, still lists goals", () => {
    const view = matchView(soccerHass({ timelineOn: "last_event" }), SOCCER, fmt);
    assert.deepEqual(view.sides[0].incidents.map((i) => [i.kind, i.minute]), [["goal", "12"], ["goal", "60"]]);
    assert.deepEqual(view.sides[1].incidents.map((i) => [i.kind, i.minute]), [["red", "31"], ["goal", "45+2"]]);
  });

  test("the period sensor disabled, as it starts: the clock runs in the scoreboard's period", () => {
    const second = matchView(soccerHass({ periodOn: "scoreboard" }), SOCCER, fmt);
    assert.deepEqual(second.clock, { minute: 67, period: "2h", periodText: "Second half", since: MINUTE, running: true });
    const first = matchView(soccerHass({ periodOn: "scoreboard", period: "1h", minute: 12 }), SOCCER, fmt);
    assert.equal(first.clock.periodText, "First half");
    const half = matchView(soccerHass({ periodOn: "scoreboard", status: "ht", period: "ht", minute: 45 }), SOCCER, fmt);
    assert.deepEqual([half.clock.running, half.clock.periodText], [false, ""]);
  });

  test("before kick-off: the fixture and its kick-off, no score", () => {
    const view = matchView(soccerHass({ status: "not_started" }), SOCCER, fmt);
    assert.equal(view.stage, "pre");
    assert.equal(view.kickOff, "2026-06-18T01:00:00+00:00");
    assert.deepEqual(view.sides.map((s) => s.score), [null, null]);
    assert.equal(view.clock, null);
  });

  test("after full time: the winner, no phase", () => {
    const view = matchView(soccerHass({ status: "ft", period: "ft" }), SOCCER, fmt);
    assert.equal(view.stage, "post");
    assert.deepEqual(view.sides.map((s) => s.winner), [true, false]);
    assert.equal(view.phase, null);
    assert.equal(view.clock.running, false);
    const draw = matchView(soccerHass({ status: "ft", home: 1, away: 1 }), SOCCER, fmt);
    assert.deepEqual(draw.sides.map((s) => s.winner), [false, false]);
  });

  test("half time stops the clock", () => {
    const view = matchView(soccerHass({ status: "ht", period: "ht", minute: 45 }), SOCCER, fmt);
    assert.equal(view.stage, "ht");
    assert.equal(view.clock.running, false);
    assert.equal(clockNow(view.clock, MINUTE + 30_000).text, "45:00");
  });

  test("the stream down: unavailable", () => {
    const hass = soccerHass();
    hass.states["sensor.dev_soccer_status"].state = "unavailable";
    assert.equal(matchView(hass, SOCCER, fmt).available, false);
  });

  test("without goal sensors the score text, then the scoreboard, gives the score", () => {
    const hass = soccerHass();
    delete hass.states["sensor.dev_soccer_home_goals"];
    assert.equal(matchView(hass, SOCCER, fmt).sides[0].score, 2);
    delete hass.states["sensor.dev_soccer_score"];
    assert.equal(matchView(hass, SOCCER, fmt).sides[0].score, 2);
  });
});

describe("goals taken back", () => {
  test("a later entry with a lower score strikes the side's latest goal out", () => {
    const list = incidents([
      { minute: "10", type: "goal", team: "home", score: "1-0" },
      { minute: "20", type: "goal", team: "home", score: "2-0" },
      { minute: "22", type: "event", team: "home", label: "Goal disallowed (VAR)", score: "1-0" },
      { minute: "30", type: "goal", team: "away", score: "1-1" },
    ], { home: 1, away: 1 });
    assert.deepEqual(list.map((i) => [i.side, i.minute, i.cancelled]), [
      ["home", "10", false],
      ["home", "20", true],
      ["away", "30", false],
    ]);
  });

  test("a score lower than the goals listed strikes out the latest", () => {
    const list = incidents([{ minute: "5", type: "goal", team: "away" }], { home: 0, away: 0 });
    assert.equal(list[0].cancelled, true);
  });

  test("no timeline, or entries of no side, list nothing", () => {
    assert.deepEqual(incidents(undefined, null), []);
    assert.deepEqual(incidents([{ minute: "1", type: "goal", team: "" }], null), []);
  });

  test("scores as the feed writes them", () => {
    assert.deepEqual(parseScore("2-1"), { home: 2, away: 1 });
    assert.deepEqual(parseScore(" 10 – 0 "), { home: 10, away: 0 });
    assert.equal(parseScore("unknown"), null);
    assert.equal(parseScore(undefined), null);
  });
});

describe("clock", () => {
  test("elapsed minutes and seconds, added time after 45 and 90", () => {
    assert.equal(clockText(7, 5, "1h"), "7:05");
    assert.equal(clockText(47, 13.9, "1h"), "45+2:13");
    assert.equal(clockText(47, 13, "2h"), "47:13");
    assert.equal(clockText(94, 0, "2h"), "90+4:00");
    assert.equal(clockText(95, 80, ""), "95:59");
  });

  test("the seconds count locally between frames, up to the next minute", () => {
    const clock = { minute: 67, period: "2h", since: MINUTE, running: true };
    assert.deepEqual(clockNow(clock, MINUTE + 23_400), { text: "67:23", running: true });
    assert.equal(clockNow(clock, MINUTE + 600_000).text, "67:59");
    assert.equal(clockNow(clock, MINUTE - 5_000).text, "67:00");
    assert.deepEqual(clockNow({ ...clock, running: false }, MINUTE + 23_400), { text: "67:00", running: false });
    assert.equal(clockNow(null, 0), null);
  });

  test("the ball on a pitch where home attacks to the right", () => {
    assert.deepEqual(ballOnPitch({ x: 0.9, y: 0.5 }, "home"), { x: 0.9, y: 0.5 });
    assert.ok(Math.abs(ballOnPitch({ x: 0.9, y: 0.5 }, "away").x - 0.1) < 1e-9);
    assert.deepEqual(ballOnPitch({ x: 3, y: -1 }, null), { x: 1, y: 0 });
    assert.equal(ballOnPitch({ x: "a", y: 1 }, "home"), null);
    assert.equal(ballOnPitch(undefined, "home"), null);
  });

  test("the countdown once kick-off is within a day", () => {
    const kickOff = "2026-06-18T12:00:00Z";
    const at = Date.parse(kickOff);
    assert.equal(countdown(kickOff, at - 2 * 86_400_000), "");
    assert.equal(countdown(kickOff, at - 3_909_000), "1:05:09");
    assert.equal(countdown(kickOff, at - 299_000), "4:59");
    assert.equal(countdown(kickOff, at + 1_000), "0:00");
    assert.equal(countdown("soon", at), "");
    assert.equal(countdown(null, at), "");
  });
});

describe("cricket", () => {
  test("innings as the scoreboard writes them", () => {
    assert.deepEqual(parseInnings("145/3 (18.4 ov, target 188)"), { runs: 145, wickets: 3, overs: "18.4", target: 188 });
    assert.deepEqual(parseInnings("187 (19.5 ov)"), { runs: 187, wickets: 10, overs: "19.5", target: null });
    assert.deepEqual(parseInnings("12/1 (target 60)"), { runs: 12, wickets: 1, overs: null, target: 60 });
    assert.equal(parseInnings(""), null);
  });

  test("overs, formats and what a chase needs", () => {
    assert.equal(oversToBalls("18.4"), 112);
    assert.equal(oversToBalls("20"), 120);
    assert.equal(oversToBalls("x"), null);
    assert.equal(maxOversOf("ICC Men's T20 Series"), 20);
    assert.equal(maxOversOf("ODI Super League"), 50);
    assert.equal(maxOversOf("County Championship"), null);
    assert.deepEqual(chase({ runs: 145, balls: 112, target: 188, maxOvers: 20 }), { needed: 43, ballsLeft: 8, requiredRate: 32.25 });
    assert.deepEqual(chase({ runs: 145, balls: 112, target: 188, maxOvers: null }), { needed: 43, ballsLeft: null, requiredRate: null });
    assert.deepEqual(chase({ runs: 190, balls: 120, target: 188, maxOvers: 20 }), { needed: 0, ballsLeft: 0, requiredRate: null });
    assert.equal(chase({ runs: 1, balls: 1, target: null, maxOvers: 20 }), null);
  });

  test("a chase in play: the batting side, target, runs needed and the required rate", () => {
    const view = matchView(cricketHass(), CRICKET, fmt);
    assert.equal(view.sport, "cricket");
    assert.deepEqual(view.sides.map((s) => [s.batting, s.score]), [[true, "145/3"], [false, "187/5"]]);
    assert.deepEqual(
      { ...view.cricket },
      { batting: 0, runs: 145, wickets: 3, overs: "18.4", runRate: 7.77, target: 188, needed: 43, ballsLeft: 8, requiredRate: 32.25, lastBall: "FOUR" },
    );
  });

  test("a target the scoreboard does not write is the other innings plus one, in a limited-overs match", () => {
    const view = matchView(cricketHass({ home: "100/2 (10 ov)", runs: 100, wickets: 2, overs: "10" }), CRICKET, fmt);
    assert.equal(view.cricket.target, 188);
    assert.equal(view.cricket.needed, 88);
  });

  test("the first innings has no target; the side yet to bat has no score", () => {
    const view = matchView(cricketHass({ home: "60/1 (8 ov)", away: "", runs: 60, wickets: 1, overs: "8" }), CRICKET, fmt);
    assert.equal(view.cricket.target, null);
    assert.equal(view.sides[1].score, null);
  });

  test("the result: the winner, nobody batting", () => {
    const view = matchView(cricketHass({ status: "ft", home: "150 (19.2 ov)" }), CRICKET, fmt);
    assert.deepEqual(view.sides.map((s) => [s.winner, s.batting, s.score]), [[false, false, "150"], [true, false, "187/5"]]);
  });
});

describe("a followed team", () => {
  test("in play: its match from its side, its kit, the card's title its name", () => {
    const view = teamView(teamHass(), TEAM, fmt);
    assert.equal(view.kind, "team");
    assert.equal(view.title, "The Town");
    assert.equal(view.stage, "live");
    assert.deepEqual(view.sides.map((s) => s.followed), [false, true]);
    assert.equal(view.matchDeviceId, SOCCER);
    assert.equal(view.result, null);
  });

  test("after full time: its result", () => {
    const view = teamView(teamHass("post", {}, soccerHass({ status: "ft" })), TEAM, fmt);
    assert.equal(view.result, "lost");
    const home = teamView(teamHass("post", { home_away: "home" }, soccerHass({ status: "ft" })), TEAM, fmt);
    assert.equal(home.result, "won");
    const drew = teamView(teamHass("post", {}, soccerHass({ status: "ft", home: 0, away: 0 })), TEAM, fmt);
    assert.equal(drew.result, "drew");
  });

  test("a match without a device yet, from the team's sensor", () => {
    const hass = teamHass("pre", { match_id: 99 });
    const view = teamView(hass, TEAM, fmt);
    assert.equal(view.stage, "pre");
    assert.deepEqual(view.sides.map((s) => [s.name, s.logo, s.score]), [
      ["Vancouver Whitecaps II", null, null],
      ["The Town", "https://cdn.example/silks/the-town.svg", null],
    ]);
    assert.equal(view.kickOff, "2026-06-18T01:00:00+00:00");
    const finished = teamView(teamHass("post", { match_id: 99, score: "0-3" }), TEAM, fmt);
    assert.equal(finished.result, "won");
    const cricket = teamView(teamHass("post", { match_id: 99, score: "145/3" }), TEAM, fmt);
    assert.equal(cricket.sides[1].score, "145/3");
  });

  test("no match scheduled", () => {
    const view = teamView(teamHass(), IDLE_TEAM, fmt);
    assert.equal(view.stage, "none");
    assert.equal(view.statusText, "«none»");
    assert.equal(view.sides[0].name, "Karlbergs BK");
  });

  test("the stream down: unavailable, whatever its match shows", () => {
    const hass = teamHass();
    hass.states["sensor.dev_team_team_match"].state = "unavailable";
    assert.equal(teamView(hass, TEAM, fmt).available, false);
  });
});

describe("the card", () => {
  test("its configuration: a device, an entity of one, or nothing yet", () => {
    const hass = teamHass();
    assert.equal(buildView(hass, {}, fmt).kind, "pick");
    assert.equal(buildView(hass, { entity: "sensor.dev_soccer_minute" }, fmt).deviceId, SOCCER);
    assert.equal(buildView(hass, { device: TEAM }, fmt).kind, "team");
    assert.equal(buildView(hass, { device: "gone" }, fmt).kind, "missing");
  });

  test("a goal or a wicket between two views of one match", () => {
    const before = matchView(soccerHass({ home: 1 }), SOCCER, fmt);
    const after = matchView(soccerHass({ home: 2 }), SOCCER, fmt);
    assert.deepEqual(newScore(before, after), { kind: "goal", side: 0 });
    assert.equal(newScore(after, before), null);
    assert.equal(newScore(null, after), null);
    assert.equal(newScore({ ...before, available: false }, after), null);
    assert.equal(newScore({ ...before, deviceId: "other" }, after), null);
    const wicket = matchView(cricketHass({ wickets: 4 }), CRICKET, fmt);
    assert.deepEqual(newScore(matchView(cricketHass(), CRICKET, fmt), wicket), { kind: "wicket", side: 0 });
    assert.equal(newScore(wicket, matchView(cricketHass(), CRICKET, fmt)), null);
  });

  test("a drawn shirt's colours are the name's, the same every time", () => {
    assert.deepEqual(shirtColours("The Town"), shirtColours("The Town"));
    assert.notDeepEqual(shirtColours("The Town"), shirtColours("Tacoma Defiance"));
  });

  test("the two sides' drawn shirts never clash", () => {
    const hue = (colour) => Number(/hsl\((\d+)/.exec(colour)[1]);
    for (const [home, away] of [["Vancouver Whitecaps II", "The Town"], ["India", "Australia"], ["A", "A"]]) {
      const [ours, theirs] = matchColours(home, away);
      assert.deepEqual(ours, shirtColours(home));
      const apart = Math.abs(hue(ours[0]) - hue(theirs[0]));
      assert.ok(Math.min(apart, 360 - apart) >= 45, `${home} - ${away}`);
    }
  });

  test("its size grows with what it shows", () => {
    assert.equal(cardSize({ kind: "pick" }), 2);
    assert.equal(cardSize({ kind: "match", stage: "pre" }), 3);
    assert.equal(cardSize(matchView(soccerHass(), SOCCER, fmt)), 7);
  });
});
