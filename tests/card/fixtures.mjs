// Home Assistant as the match card sees it: the entity and device registries and the states,
// shaped as the frontend lists them, for a soccer match, a cricket match and a followed team.

import { translate } from "../../custom_components/sportrix/frontend/sportrix-card-logic.mjs";

export const SOCCER = "dev-soccer";
export const CRICKET = "dev-cricket";
export const TEAM = "dev-team";
export const IDLE_TEAM = "dev-idle-team";
export const MINUTE_CHANGED = "2026-06-18T02:56:00.000Z";

export const fmt = {
  lang: "en",
  t: (key, values) => translate("en", key, values),
  state: (state) => `«${state.state}»`,
  number: (value, digits = 0) => value.toFixed(digits),
  dateTime: (iso) => iso,
};

function entity(hass, device, domain, key, state, attributes = {}, extra = {}) {
  const objectId = `${device.replace(/-/g, "_")}_${key}`;
  const entityId = `${domain}.${objectId}`;
  hass.entities[entityId] = { entity_id: entityId, device_id: device, platform: "sportrix", translation_key: key };
  if (state !== undefined) {
    hass.states[entityId] = {
      entity_id: entityId,
      state: String(state),
      attributes,
      last_changed: extra.last_changed || MINUTE_CHANGED,
      last_updated: extra.last_changed || MINUTE_CHANGED,
    };
  }
  return entityId;
}

// The timeline is the scoreboard's (timelineOn "last_event": as installs before it were).
// periodOn "scoreboard": the period sensor disabled, as it starts; the scoreboard carries it.
export function soccerHass({ status = "live", period = "2h", minute = 67, home = 2, away = 1, timeline, timelineOn = "scoreboard", periodOn = "sensor" } = {}) {
  const hass = { entities: {}, devices: {}, states: {} };
  const entries = timeline ?? [
    { minute: "12", type: "goal", team: "home", label: "Goal", score: "1-0" },
    { minute: "31", type: "red_card", team: "away", label: "Red card" },
    { minute: "45+2", type: "goal", team: "away", label: "Goal", score: "1-1" },
    { minute: "60", type: "goal", team: "home", label: "Goal", score: "2-1" },
  ];
  const live = status !== "not_started";
  hass.devices[SOCCER] = {
    id: SOCCER,
    name: "Vancouver Whitecaps II vs The Town",
    model: "Soccer match",
    identifiers: [["sportrix", "41282"]],
  };
  entity(hass, SOCCER, "sensor", "status", status);
  entity(hass, SOCCER, "sensor", "kick_off", "2026-06-18T01:00:00+00:00");
  entity(hass, SOCCER, "sensor", "scoreboard", status === "not_started" ? "PRE" : status === "ft" ? "POST" : "IN", {
    sport: "soccer",
    league: "USA MLS Next Pro League",
    team_name: "Vancouver Whitecaps II",
    opponent_name: "The Town",
    team_logo: "data:image/svg+xml,shirt",
    opponent_logo: "https://cdn.example/silks/the-town.svg",
    team_score: String(home),
    opponent_score: String(away),
    team_total_shots: "9",
    opponent_total_shots: "4",
    team_shots_on_target: "5",
    opponent_shots_on_target: "2",
    date: "2026-06-18T01:00Z",
    ...(live ? { last_play: "60' Goal Vancouver Whitecaps II" } : {}),
    ...(live && timelineOn === "scoreboard" ? { timeline: entries } : {}),
    ...(live ? { period } : {}),
  });
  if (live) {
    entity(hass, SOCCER, "sensor", "score", `${home}-${away}`);
    entity(hass, SOCCER, "sensor", "home_goals", home);
    entity(hass, SOCCER, "sensor", "away_goals", away);
    entity(hass, SOCCER, "sensor", "minute", minute);
    entity(hass, SOCCER, "sensor", "period", ...(periodOn === "sensor" ? [period] : []));
    if (timelineOn === "last_event") {
      entity(hass, SOCCER, "sensor", "last_event", "60' Goal Vancouver Whitecaps II", { timeline: entries });
    }
    entity(hass, SOCCER, "sensor", "phase", "Dangerous attack", { side: "away", ball: { x: 0.84, y: 0.4 } });
    entity(hass, SOCCER, "sensor", "possession_home", 56);
    entity(hass, SOCCER, "sensor", "possession_away", 44);
    // Registered but disabled: the frontend lists it, with no state.
    entity(hass, SOCCER, "sensor", "corners_home");
    entity(hass, SOCCER, "event", "goal", "2026-06-18T02:55:00+00:00");
  }
  entity(hass, SOCCER, "event", "match_status", "2026-06-18T01:00:00+00:00");
  return hass;
}

export function cricketHass({ status = "live", runs = 145, wickets = 3, overs = "18.4", home = "", away = "187/5 (20 ov)" } = {}) {
  const hass = { entities: {}, devices: {}, states: {} };
  hass.devices[CRICKET] = { id: CRICKET, name: "India vs Australia", model: "Cricket match", identifiers: [["sportrix", "50001"]] };
  entity(hass, CRICKET, "sensor", "status", status);
  entity(hass, CRICKET, "sensor", "scoreboard", status === "ft" ? "POST" : "IN", {
    sport: "cricket",
    league: "ICC Men's T20 Series",
    team_name: "India",
    opponent_name: "Australia",
    team_score: home || `${runs}/${wickets} (${overs} ov, target 188)`,
    opponent_score: away,
    last_play: "FOUR",
    team_winner: false,
    opponent_winner: status === "ft",
  });
  entity(hass, CRICKET, "sensor", "runs", runs);
  entity(hass, CRICKET, "sensor", "wickets", wickets);
  entity(hass, CRICKET, "sensor", "overs", overs);
  entity(hass, CRICKET, "sensor", "balls", 112);
  entity(hass, CRICKET, "sensor", "run_rate", 7.77);
  entity(hass, CRICKET, "sensor", "batting", "India");
  entity(hass, CRICKET, "sensor", "last_event");
  return hass;
}

// A followed team: its device, its match sensor pointing at the soccer match of soccerHass.
export function teamHass(teamState = "in", attributes = {}, match = soccerHass()) {
  const hass = match;
  hass.devices[TEAM] = { id: TEAM, name: "The Town", model: "Soccer team", identifiers: [["sportrix", "team_01J"]] };
  entity(hass, TEAM, "sensor", "team_match", teamState, {
    match_id: 41282,
    home: "Vancouver Whitecaps II",
    away: "The Town",
    home_away: "away",
    opponent: "Vancouver Whitecaps II",
    competition: "USA MLS Next Pro League",
    kick_off: "2026-06-18T01:00:00+00:00",
    entity_picture: "https://cdn.example/silks/the-town.svg",
    ...attributes,
  });
  entity(hass, TEAM, "event", "team", "2026-06-18T02:55:00+00:00");
  entity(hass, TEAM, "sensor", "scoreboard", "IN", {});
  hass.devices[IDLE_TEAM] = { id: IDLE_TEAM, name: "Karlbergs BK", model: "Soccer team", identifiers: [["sportrix", "team_02K"]] };
  entity(hass, IDLE_TEAM, "sensor", "team_match", "none", {});
  return hass;
}
