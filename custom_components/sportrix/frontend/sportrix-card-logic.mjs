// The Sportrix match card's logic: what to show, read from the integration's entities.
// Pure functions with no DOM, so that node's test runner can import them (tests/card/).

export const DOMAIN = "sportrix";
export const CARD_TYPE = "sportrix-match-card";

// The card's own words, by language; Home Assistant's formatting does numbers, dates and the
// entities' states. English is built in; the other languages' words are in i18n/<language>.json,
// loaded on demand (loadWords). A language missing a word falls back to English.
export const STRINGS = {
  en: {
    card_name: "Sportrix match",
    card_description:
      "A match or a followed team as fans see it: score, clock, goals, live action and statistics.",
    pick: "Pick a Sportrix match or team in the card's editor.",
    no_devices: "No Sportrix match or team is followed yet.",
    not_found: "This match or team is no longer followed.",
    connection_lost: "Connection lost",
    last_known: "Last known score",
    live: "Live",
    first_half: "First half",
    second_half: "Second half",
    kick_off: "Kick-off",
    kick_off_in: "Kick-off in {time}",
    kick_off_soon: "Kick-off any moment",
    no_match: "No match scheduled",
    won: "Won",
    lost: "Lost",
    drew: "Drew",
    versus: "vs",
    cancelled: "Goal cancelled",
    red_card: "Red card",
    possession: "Possession",
    shots: "Shots",
    shots_on_target: "Shots on target",
    corners: "Corners",
    yellow_cards: "Yellow cards",
    red_cards: "Red cards",
    overs: "{overs} ov",
    yet_to_bat: "Yet to bat",
    target: "Target {runs}",
    need_balls: "{team} need {runs} from {balls} balls",
    need_runs: "{team} need {runs} to win",
    required_rate: "Required rate {rate}",
    run_rate: "Run rate {rate}",
    last_ball: "Last ball",
    goal: "Goal!",
    wicket: "Wicket!",
    seen_on_tv: "Seen it on TV",
    seen_on_tv_hint: "Press when your TV shows it: the broadcast delay grows by the time since",
    delay_set: "Broadcast delay set to {seconds} s",
    editor_device: "Match or team",
    editor_matches: "Matches",
    editor_teams: "Teams",
    editor_none: "Choose…",
    editor_goals: "Goals and red cards",
    editor_pitch: "Live action and the ball on the pitch",
    editor_stats: "Statistics",
  },
};

// The languages with words of their own in i18n/, by the names Home Assistant gives them.
export const LANGUAGES = ["de", "es", "fr", "hi", "it", "nl", "pl", "pt-BR"];

// The words file of a language: its own, else its base language's ("de-AT" reads de); null for
// English and for a language the card has no words in.
export function wordsFile(language) {
  const wanted = String(language || "en");
  const base = wanted.split("-")[0];
  return LANGUAGES.includes(wanted) ? wanted : LANGUAGES.includes(base) ? base : null;
}

// A language's words as a file gives them: strings for English keys only, so that a stale or
// damaged file cannot break the card (a word it lacks stays English). The number of words kept.
export function addWords(language, words) {
  const kept = {};
  for (const [key, text] of Object.entries(words && typeof words === "object" ? words : {})) {
    if (Object.prototype.hasOwnProperty.call(STRINGS.en, key) && typeof text === "string" && text) kept[key] = text;
  }
  STRINGS[language] = { ...STRINGS[language], ...kept };
  return Object.keys(kept).length;
}

const loading = new Map();

// Loads a language's words once, fetchWords(file) giving the parsed file. Resolves to the file
// loaded, or to null (English, a language without words, a failure: English meanwhile); never
// rejects. A failure is forgotten, so that the next call tries again.
export function loadWords(language, fetchWords) {
  const file = wordsFile(language);
  if (!file) return Promise.resolve(null);
  if (!loading.has(file)) {
    const words = Promise.resolve()
      .then(() => fetchWords(file))
      .then((found) => (addWords(file, found) ? file : null))
      .catch(() => null)
      .then((done) => {
        if (!done) loading.delete(file);
        return done;
      });
    loading.set(file, words);
  }
  return loading.get(file);
}

export function translate(language, key, values = {}) {
  const base = String(language || "en").split("-")[0];
  const text = STRINGS[language]?.[key] ?? STRINGS[base]?.[key] ?? STRINGS.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

const UNAVAILABLE = "unavailable";
const UNKNOWN = "unknown";

export function hasValue(state) {
  return !!state && state.state !== UNAVAILABLE && state.state !== UNKNOWN && state.state !== "";
}

function numberOf(state) {
  if (!hasValue(state)) return null;
  const value = Number(state.state);
  return Number.isFinite(value) ? value : null;
}

function sameName(a, b) {
  return !!a && !!b && String(a).trim().toLowerCase() === String(b).trim().toLowerCase();
}

// --- The integration's devices and entities, as the frontend lists them ---------------------

// Entities of the device by translation key ("score", "minute", "team_match"...). The key is
// the same in every language and survives a renamed entity id.
export function entitiesOf(hass, deviceId) {
  const found = {};
  for (const entry of Object.values(hass?.entities || {})) {
    if (entry.platform !== DOMAIN || entry.device_id !== deviceId) continue;
    const key = entry.translation_key || entry.entity_id.split(".")[1];
    if (!(key in found)) found[key] = entry.entity_id;
  }
  return found;
}

export function deviceOfEntity(hass, entityId) {
  return hass?.entities?.[entityId]?.device_id || null;
}

function deviceName(hass, deviceId) {
  const device = hass?.devices?.[deviceId];
  return (device && (device.name_by_user || device.name)) || "";
}

function sportOf(model, keys) {
  if (/cricket/i.test(model || "") || "runs" in keys || "wicket" in keys) return "cricket";
  if (/soccer/i.test(model || "") || "minute" in keys || "goal" in keys) return "soccer";
  return "";
}

// Every Sportrix match and followed team, for the editor and the card picker.
export function sportrixDevices(hass) {
  const ids = new Set();
  for (const entry of Object.values(hass?.entities || {})) {
    if (entry.platform === DOMAIN && entry.device_id) ids.add(entry.device_id);
  }
  const devices = [];
  for (const id of ids) {
    const keys = entitiesOf(hass, id);
    if (!("status" in keys) && !("team_match" in keys)) continue;
    const model = hass.devices?.[id]?.model || "";
    const kind = "team_match" in keys ? "team" : "match";
    const status = hass.states?.[keys.status || keys.team_match]?.state;
    devices.push({ id, kind, name: deviceName(hass, id) || id, sport: sportOf(model, keys), status });
  }
  return devices.sort((a, b) => a.kind.localeCompare(b.kind) || a.name.localeCompare(b.name));
}

// The device a new card shows: a match in play, else any match, else a followed team.
export function stubDevice(devices) {
  const playing = devices.find((d) => d.kind === "match" && ["live", "ht", "innings_break"].includes(d.status));
  return (playing || devices.find((d) => d.kind === "match") || devices[0] || null)?.id || null;
}

// The device of a team's match: the integration names it by the match id ("41282"); the name
// "Home vs Away" serves where the frontend does not list identifiers.
export function matchDevice(hass, matchId, home, away) {
  if (matchId === undefined || matchId === null) return null;
  const wanted = String(matchId);
  const devices = Object.entries(hass?.devices || {});
  for (const [id, device] of devices) {
    if ((device.identifiers || []).some(([domain, value]) => domain === DOMAIN && String(value) === wanted)) {
      return id;
    }
  }
  if (!home || !away) return null;
  for (const [id, device] of devices) {
    const named = sameName(device.name, `${home} vs ${away}`);
    if (!device.identifiers && named && "status" in entitiesOf(hass, id)) return id;
  }
  return null;
}

// --- Soccer ------------------------------------------------------------------------------

export function parseScore(text) {
  const found = /^\s*(\d+)\s*[-–:]\s*(\d+)\s*$/.exec(String(text ?? ""));
  return found ? { home: Number(found[1]), away: Number(found[2]) } : null;
}

// Goals and red cards of each side, in timeline order. A goal the feed took back (the score
// went down after it) stays, marked cancelled, rather than silently removed.
export function incidents(timeline, score) {
  const list = [];
  const cancelLatest = (side, count) => {
    for (let i = list.length - 1; i >= 0 && count > 0; i -= 1) {
      const item = list[i];
      if (item.kind === "goal" && item.side === side && !item.cancelled) {
        item.cancelled = true;
        count -= 1;
      }
    }
  };
  const standing = (side) => list.filter((i) => i.kind === "goal" && i.side === side && !i.cancelled).length;
  const settle = (against) => {
    if (!against) return;
    for (const side of ["home", "away"]) {
      const over = standing(side) - against[side];
      if (over > 0) cancelLatest(side, over);
    }
  };
  for (const entry of Array.isArray(timeline) ? timeline : []) {
    const side = entry.team === "home" || entry.team === "away" ? entry.team : null;
    if (side && (entry.type === "goal" || entry.type === "red_card")) {
      list.push({
        kind: entry.type === "goal" ? "goal" : "red",
        side,
        minute: String(entry.minute ?? ""),
        label: entry.label || "",
        cancelled: false,
      });
    }
    settle(parseScore(entry.score));
  }
  settle(score);
  return list;
}

// The clock as shown: elapsed minutes and seconds, added time after 45 and 90 ("45+2:13").
export function clockText(minute, seconds, period) {
  const limit = { "1h": 45, "2h": 90 }[period];
  const ss = String(Math.max(0, Math.min(59, Math.floor(seconds)))).padStart(2, "0");
  if (limit !== undefined && minute >= limit) return `${limit}+${minute - limit}:${ss}`;
  return `${minute}:${ss}`;
}

// The seconds counted locally since the minute last changed, while the feed says the clock runs.
export function clockNow(clock, now) {
  if (!clock || clock.minute === null) return null;
  const running = clock.running && clock.since !== null;
  const seconds = running ? Math.max(0, Math.min(59, (now - clock.since) / 1000)) : 0;
  return { text: clockText(clock.minute, seconds, clock.period), running };
}

// The ball on a pitch drawn with the home side attacking to the right: the feed's x runs
// towards the goal the side in the phase attacks.
export function ballOnPitch(ball, side) {
  if (!ball || !Number.isFinite(Number(ball.x)) || !Number.isFinite(Number(ball.y))) return null;
  const clamp = (v) => Math.max(0, Math.min(1, Number(v)));
  const x = clamp(ball.x);
  return { x: side === "away" ? 1 - x : x, y: clamp(ball.y) };
}

// --- Cricket -----------------------------------------------------------------------------

export function oversToBalls(overs) {
  const found = /^(\d+)(?:\.(\d))?$/.exec(String(overs ?? "").trim());
  return found ? Number(found[1]) * 6 + Number(found[2] || 0) : null;
}

// An innings as the scoreboard writes it: "145/3 (18.4 ov, target 188)", "187 (19.5 ov)".
export function parseInnings(text) {
  const found = /^\s*(\d+)(?:\/(\d+))?\s*(?:\(([^)]*)\))?/.exec(String(text ?? ""));
  if (!found) return null;
  const inside = found[3] || "";
  const overs = /([\d.]+)\s*ov/.exec(inside);
  const target = /target\s*(\d+)/i.exec(inside);
  return {
    runs: Number(found[1]),
    wickets: found[2] === undefined ? 10 : Number(found[2]),
    overs: overs ? overs[1] : null,
    target: target ? Number(target[1]) : null,
  };
}

// The overs of a limited-overs format, from the competition's name; null where it cannot tell.
export function maxOversOf(competition) {
  const name = String(competition || "");
  if (/\bT20|Twenty20/i.test(name)) return 20;
  if (/\bODI\b|One[- ]Day|50[- ]over/i.test(name)) return 50;
  return null;
}

// What a chasing side needs: runs, balls left and the rate, as far as they can be derived.
export function chase({ runs, balls, target, maxOvers }) {
  if (!Number.isFinite(target) || !Number.isFinite(runs)) return null;
  const needed = Math.max(0, target - runs);
  if (!maxOvers || !Number.isFinite(balls)) return { needed, ballsLeft: null, requiredRate: null };
  const ballsLeft = Math.max(0, maxOvers * 6 - balls);
  const requiredRate = ballsLeft > 0 ? (needed * 6) / ballsLeft : null;
  return { needed, ballsLeft, requiredRate };
}

// --- What to show ------------------------------------------------------------------------

const STAGES = { not_started: "pre", live: "live", ht: "ht", innings_break: "break", ft: "post" };
const TEAM_STAGES = { pre: "pre", in: "live", post: "post", none: "none" };
const PLACEHOLDER = /^data:image\/svg\+xml/;
const STATISTICS = ["possession", "shots", "shots_on_target", "corners", "yellow_cards", "red_cards"];

function logoOf(url) {
  return url && !PLACEHOLDER.test(url) ? url : null;
}

function side(name, logo) {
  return { name, logo, score: null, winner: false, followed: false, batting: false, innings: "", incidents: [] };
}

function namesOf(title) {
  const parts = String(title || "").split(/\s+vs\.?\s+/i);
  return parts.length === 2 ? parts : [title || "", ""];
}

// A match device's view, read from its entities; fmt formats states, numbers and dates.
export function matchView(hass, deviceId, fmt) {
  const keys = entitiesOf(hass, deviceId);
  const state = (key) => (keys[key] ? hass.states?.[keys[key]] : undefined);
  const title = deviceName(hass, deviceId);
  const board = state("scoreboard");
  const boardAttributes = board?.attributes || {};
  const [homeName, awayName] = namesOf(title);
  const status = state("status");
  const view = {
    kind: "match",
    deviceId,
    title,
    sport: boardAttributes.sport || sportOf(hass.devices?.[deviceId]?.model, keys),
    stage: STAGES[status?.state] || (board?.state === "POST" ? "post" : board?.state === "IN" ? "live" : "pre"),
    available: status ? status.state !== UNAVAILABLE : false,
    statusText: hasValue(status) ? fmt.state(status) : "",
    competition: boardAttributes.league || "",
    kickOff: hasValue(state("kick_off")) ? state("kick_off").state : boardAttributes.date || null,
    sides: [
      side(boardAttributes.team_name || homeName, logoOf(boardAttributes.team_logo)),
      side(boardAttributes.opponent_name || awayName, logoOf(boardAttributes.opponent_logo)),
    ],
    clock: null,
    phase: null,
    ball: null,
    stats: [],
    cricket: null,
    lastEvent: "",
    result: null,
  };
  if (view.sport === "cricket") readCricket(view, state, boardAttributes, fmt);
  else readSoccer(view, state, boardAttributes, fmt);
  if (view.stage === "post") {
    const [home, away] = view.sides;
    if (view.sport === "cricket") {
      home.winner = boardAttributes.team_winner === true;
      away.winner = boardAttributes.opponent_winner === true;
    } else if (home.score !== null && away.score !== null) {
      home.winner = Number(home.score) > Number(away.score);
      away.winner = Number(away.score) > Number(home.score);
    }
  }
  return view;
}

function readSoccer(view, state, board, fmt) {
  const [home, away] = view.sides;
  const scoreText = parseScore(state("score")?.state);
  const goals = (key, fallback) => numberOf(state(key)) ?? (scoreText ? scoreText[fallback] : null);
  let homeGoals = goals("home_goals", "home");
  let awayGoals = goals("away_goals", "away");
  if (homeGoals === null && view.stage !== "pre" && board.team_score !== undefined && board.team_score !== "") {
    homeGoals = Number(board.team_score);
    awayGoals = Number(board.opponent_score);
  }
  if (homeGoals !== null && awayGoals !== null) {
    home.score = homeGoals;
    away.score = awayGoals;
  }
  // The scoreboard carries the timeline; the last event's sensor (off by default) did before.
  const timeline = board.timeline ?? state("last_event")?.attributes?.timeline;
  const listed = incidents(timeline, home.score === null ? null : { home: home.score, away: away.score });
  home.incidents = listed.filter((i) => i.side === "home");
  away.incidents = listed.filter((i) => i.side === "away");
  const minuteState = state("minute");
  // The period sensor starts disabled: the scoreboard carries the period too.
  const period = state("period");
  if (hasValue(minuteState)) {
    const periodValue = hasValue(period) ? period.state : typeof board.period === "string" ? board.period : "";
    view.clock = {
      minute: Number(minuteState.state),
      period: periodValue,
      periodText: hasValue(period) ? fmt.state(period) : periodWord(periodValue, fmt),
      since: Date.parse(minuteState.last_changed) || null,
      running: view.stage === "live" && (periodValue === "1h" || periodValue === "2h"),
    };
  }
  const phase = state("phase");
  if (hasValue(phase) && view.stage === "live") {
    const phaseSide = phase.attributes?.side;
    view.phase = { label: phase.state, side: phaseSide === "home" || phaseSide === "away" ? phaseSide : null };
    view.ball = ballOnPitch(phase.attributes?.ball, view.phase.side);
  }
  const last = state("last_event");
  view.lastEvent = hasValue(last) ? last.state : board.last_play || "";
  view.stats = soccerStats(state, board, fmt);
}

// The words of a half in play; at a break or the end the status says it.
const HALVES = { "1h": "first_half", "2h": "second_half" };

function periodWord(period, fmt) {
  return HALVES[period] ? fmt.t(HALVES[period]) : "";
}

function soccerStats(state, board, fmt) {
  const pair = (key) => {
    const home = numberOf(state(`${key}_home`));
    const away = numberOf(state(`${key}_away`));
    return home === null || away === null ? null : { home, away };
  };
  const found = {};
  found.possession = pair("possession");
  const on = pair("shots_on_target");
  const off = pair("shots_off_target");
  if (on && off) found.shots = { home: on.home + off.home, away: on.away + off.away };
  else if (board.team_total_shots !== undefined && board.opponent_total_shots !== undefined) {
    found.shots = { home: Number(board.team_total_shots), away: Number(board.opponent_total_shots) };
  }
  if (on) found.shots_on_target = on;
  else if (board.team_shots_on_target !== undefined && board.opponent_shots_on_target !== undefined) {
    found.shots_on_target = { home: Number(board.team_shots_on_target), away: Number(board.opponent_shots_on_target) };
  }
  found.corners = pair("corners");
  found.yellow_cards = pair("yellow_cards");
  found.red_cards = pair("red_cards");
  return STATISTICS.filter((key) => found[key] && Number.isFinite(found[key].home) && Number.isFinite(found[key].away)).map(
    (key) => ({ key, home: found[key].home, away: found[key].away, percent: key === "possession" }),
  );
}

function readCricket(view, state, board, fmt) {
  const [home, away] = view.sides;
  const batting = state("batting")?.state;
  const battingIndex = sameName(batting, home.name) ? 0 : sameName(batting, away.name) ? 1 : null;
  home.innings = board.team_score || "";
  away.innings = board.opponent_score || "";
  const runs = numberOf(state("runs"));
  const wickets = numberOf(state("wickets"));
  const overs = hasValue(state("overs")) ? state("overs").state : null;
  const cricket = {
    batting: battingIndex,
    runs,
    wickets,
    overs,
    runRate: numberOf(state("run_rate")),
    target: null,
    needed: null,
    ballsLeft: null,
    requiredRate: null,
    lastBall: "",
  };
  if (battingIndex !== null && view.stage !== "post") view.sides[battingIndex].batting = true;
  for (const each of view.sides) {
    const innings = parseInnings(each.innings);
    each.score = innings ? (innings.wickets >= 10 ? String(innings.runs) : `${innings.runs}/${innings.wickets}`) : null;
  }
  if (battingIndex !== null && runs !== null) {
    const ours = parseInnings(view.sides[battingIndex].innings);
    const theirs = parseInnings(view.sides[1 - battingIndex].innings);
    const maxOvers = maxOversOf(view.competition);
    let target = ours?.target ?? null;
    if (target === null && theirs && maxOvers) target = theirs.runs + 1;
    if (target !== null) {
      const balls = numberOf(state("balls")) ?? oversToBalls(overs);
      Object.assign(cricket, { target }, chase({ runs, balls, target, maxOvers }));
    }
  }
  const last = state("last_event");
  cricket.lastBall = hasValue(last) ? last.state : board.last_play || "";
  view.cricket = cricket;
  view.lastEvent = cricket.lastBall;
}

// A followed team's device: its current or next match from its side, its last result, or none.
export function teamView(hass, deviceId, fmt) {
  const keys = entitiesOf(hass, deviceId);
  const sensor = keys.team_match ? hass.states?.[keys.team_match] : undefined;
  const attributes = sensor?.attributes || {};
  const teamName = deviceName(hass, deviceId) || attributes.friendly_name || "";
  const kit = attributes.entity_picture || null;
  const followed = attributes.home_away === "away" ? 1 : attributes.home_away === "home" ? 0 : null;
  const stage = TEAM_STAGES[sensor?.state] || "none";
  const available = sensor ? sensor.state !== UNAVAILABLE : false;
  const matchId = matchDevice(hass, attributes.match_id, attributes.home, attributes.away);
  let view;
  if (matchId && stage !== "none") {
    view = matchView(hass, matchId, fmt);
    view.matchDeviceId = matchId;
  } else {
    view = {
      kind: "team",
      deviceId,
      title: teamName,
      sport: sportOf(hass.devices?.[deviceId]?.model, keys),
      stage,
      available,
      statusText: hasValue(sensor) ? fmt.state(sensor) : "",
      competition: attributes.competition || "",
      kickOff: attributes.kick_off || null,
      sides: [side(attributes.home || "", null), side(attributes.away || "", null)],
      clock: null,
      phase: null,
      ball: null,
      stats: [],
      cricket: null,
      lastEvent: "",
      result: null,
    };
    const score = parseScore(attributes.score);
    if (score && stage !== "pre") {
      view.sides[0].score = score.home;
      view.sides[1].score = score.away;
    } else if (attributes.score && stage !== "pre" && followed !== null) {
      view.sides[followed].score = String(attributes.score);
    }
    if (stage === "none") view.sides = [side(teamName, kit), side("", null)];
  }
  view.kind = "team";
  view.deviceId = deviceId;
  view.title = teamName;
  view.available = available && view.available !== false;
  if (followed !== null && stage !== "none") {
    const mine = view.sides[followed];
    mine.followed = true;
    mine.logo = mine.logo || kit;
    view.result = resultFor(view, followed);
  }
  if (stage === "none") view.stage = "none";
  return view;
}

function resultFor(view, index) {
  if (view.stage !== "post") return null;
  const mine = view.sides[index];
  const theirs = view.sides[1 - index];
  if (mine.winner) return "won";
  if (theirs.winner) return "lost";
  if (view.sport !== "cricket" && mine.score !== null && theirs.score !== null) {
    const a = Number(mine.score);
    const b = Number(theirs.score);
    return a > b ? "won" : a < b ? "lost" : "drew";
  }
  return null;
}

// The view of a card's configuration: its device (or the device of its entity), by its kind.
export function buildView(hass, config, fmt) {
  const deviceId = config?.device || deviceOfEntity(hass, config?.entity);
  if (!deviceId) return { kind: "pick", available: true };
  const keys = entitiesOf(hass, deviceId);
  if ("team_match" in keys) return teamView(hass, deviceId, fmt);
  if ("status" in keys) return matchView(hass, deviceId, fmt);
  return { kind: "missing", deviceId, available: true };
}

// How long until kick-off, once it is near (within a day): "1:05:09", "4:59"; "" otherwise.
export function countdown(kickOff, now) {
  const at = Date.parse(kickOff || "");
  if (!Number.isFinite(at)) return "";
  const left = Math.floor((at - now) / 1000);
  if (left <= 0) return "0:00";
  if (left > 24 * 3600) return "";
  const hours = Math.floor(left / 3600);
  const minutes = String(Math.floor((left % 3600) / 60));
  const seconds = String(left % 60).padStart(2, "0");
  return hours ? `${hours}:${minutes.padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

// A goal or wicket between two views of the same match: which side, or null.
export function newScore(before, after) {
  if (!before || !after || !before.available || !after.available) return null;
  if ((before.matchDeviceId || before.deviceId) !== (after.matchDeviceId || after.deviceId)) return null;
  if (after.sport === "cricket") {
    const was = before.cricket;
    const now = after.cricket;
    if (!was || !now || was.batting !== now.batting || now.wickets === null || was.wickets === null) return null;
    return now.wickets > was.wickets ? { kind: "wicket", side: now.batting } : null;
  }
  for (const index of [0, 1]) {
    const was = before.sides?.[index]?.score;
    const now = after.sides?.[index]?.score;
    if (was !== null && now !== null && was !== undefined && Number(now) > Number(was)) {
      return { kind: "goal", side: index };
    }
  }
  return null;
}

// A colour pair from a team's name, for the shirt drawn when the feed has no kit picture.
function hueOf(name) {
  let hash = 2166136261;
  for (const char of String(name || "")) hash = Math.imul(hash ^ char.codePointAt(0), 16777619) >>> 0;
  return hash % 360;
}

function colours(hue) {
  return [`hsl(${hue} 62% 42%)`, `hsl(${(hue + 150) % 360} 70% 88%)`];
}

export function shirtColours(name) {
  return colours(hueOf(name));
}

// Both sides' drawn shirts, the away one turned to another colour where the two would clash.
export function matchColours(home, away) {
  const a = hueOf(home);
  let b = hueOf(away);
  const apart = Math.abs(a - b) % 360;
  if (Math.min(apart, 360 - apart) < 45) b = (b + 180) % 360;
  return [colours(a), colours(b)];
}

// Rows of the sections grid the card asks for, by what it shows.
export function cardSize(view) {
  if (!view || view.kind === "pick" || view.kind === "missing" || view.stage === "none") return 2;
  if (view.stage === "pre") return 3;
  return 4 + (view.stats?.length ? 2 : 0) + (view.phase ? 1 : 0);
}
