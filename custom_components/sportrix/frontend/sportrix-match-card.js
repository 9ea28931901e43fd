// The Sportrix match card: a match or a followed team as fans see it, drawn from the
// integration's entities. Served by the integration, no build step and no dependency; its logic
// lives in sportrix-card-logic.mjs, loaded with this module's version so a cache never mixes two.

const CARD_TYPE = "sportrix-match-card";
const DOMAIN = "sportrix";
// The elements draw once their logic has loaded; they are defined without waiting for it.
let buildView;
let cardSize;
let clockNow;
let countdown;
let entitiesOf;
let deviceOfEntity;
let matchColours;
let matchDevice;
let newScore;
let sportrixDevices;
let stubDevice;
let translate;
let loadWords;
const ready = import(new URL(`./sportrix-card-logic.mjs${new URL(import.meta.url).search}`, import.meta.url).href).then(
  (logic) => {
    ({ buildView, cardSize, clockNow, countdown, entitiesOf, deviceOfEntity, matchColours, matchDevice } = logic);
    ({ newScore, sportrixDevices, stubDevice, translate, loadWords } = logic);
  },
);

// The words of a language other than English, from i18n/ with this module's version. The card
// draws in English until they arrive, then again; a missing file leaves it in English.
async function fetchWords(file) {
  const response = await fetch(new URL(`./i18n/${file}.json${new URL(import.meta.url).search}`, import.meta.url));
  return response.ok ? response.json() : null;
}

// Calls redraw once the words of language are there, when they were to be loaded.
function withWords(language, redraw) {
  loadWords(language, fetchWords).then((file) => file && redraw());
}

const EDITOR_TYPE = `${CARD_TYPE}-editor`;
// How long a goal or wicket flashes, and how long "seen it on TV" is offered after it.
const FLASH_MS = 4000;
const SEEN_MS = 90000;
const MAX_DELAY = 300;
// Where the card is loaded without Home Assistant's app (a page of its own), it waits no longer.
const APP_WAIT_MS = 10000;
const DEFAULTS = { show_goals: true, show_pitch: true, show_stats: true };
// Numbers in the user's chosen format, as Home Assistant maps its settings to locales.
const NUMBER_LOCALES = { comma_decimal: "en-US", decimal_comma: "de", space_comma: "fr", system: undefined };

function escape(text) {
  return String(text ?? "").replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

function languageOf(hass) {
  return hass?.locale?.language || hass?.language || document.documentElement.lang || "en";
}

// Formatting as the user set Home Assistant up: language, number format, time zone, 12/24 h.
function formatter(hass) {
  const lang = languageOf(hass);
  const locale = hass?.locale || {};
  const numbers = locale.number_format in NUMBER_LOCALES ? NUMBER_LOCALES[locale.number_format] : lang;
  const timeZone = locale.time_zone === "server" ? hass?.config?.time_zone : undefined;
  const hour12 = locale.time_format === "12" ? true : locale.time_format === "24" ? false : undefined;
  return {
    lang,
    t: (key, values) => translate(lang, key, values),
    state: (state) => (hass?.formatEntityState ? hass.formatEntityState(state) : state.state),
    number: (value, digits = 0) =>
      new Intl.NumberFormat(numbers, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value),
    dateTime: (iso) => {
      try {
        return new Intl.DateTimeFormat(lang, {
          weekday: "short",
          day: "numeric",
          month: "short",
          hour: "numeric",
          minute: "2-digit",
          timeZone,
          hour12,
        }).format(new Date(iso));
      } catch (err) {
        return iso;
      }
    },
  };
}

function shirt(name, [body, trim]) {
  return `<svg class="kit shirt" viewBox="0 0 64 64" role="img" aria-label="${escape(name)}"><path d="M22 6 12 10 2 22l8 8 6-5v35h32V25l6 5 8-8-10-12-10-4q-10 8-20 0z" fill="${body}" stroke="rgba(0,0,0,.35)" stroke-width="1.5"/><path d="M22 6q10 8 20 0l-3-1q-7 5-14 0z" fill="${trim}"/><path d="M16 25v6h32v-6" fill="none" stroke="${trim}" stroke-width="3" opacity=".8"/></svg>`;
}

function kit(team, colours) {
  if (!team.name && !team.logo) return `<div class="kit empty"></div>`;
  return team.logo
    ? `<img class="kit" src="${escape(team.logo)}" alt="" data-name="${escape(team.name)}" data-colours="${escape(colours.join("|"))}" referrerpolicy="no-referrer">`
    : shirt(team.name, colours);
}

const STYLE = `
:host { display: block; }
ha-card { padding: 14px 16px 12px; overflow: hidden; position: relative; box-sizing: border-box; }
.top { display: flex; justify-content: space-between; align-items: center; gap: 8px; color: var(--secondary-text-color); font-size: 12px; line-height: 16px; min-height: 16px; }
.competition { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; min-width: 0; }
.status { flex: none; font-weight: 600; letter-spacing: .04em; text-transform: uppercase; }
.status.live { color: var(--error-color, #db4437); }
.status.live::before { content: ""; display: inline-block; width: 7px; height: 7px; border-radius: 50%; background: currentColor; margin-right: 5px; vertical-align: 1px; animation: pulse 1.6s ease-in-out infinite; }
.banner { display: flex; align-items: center; gap: 8px; margin: 10px 0 0; padding: 6px 10px; border-radius: 8px; background: rgba(var(--rgb-error-color, 219, 68, 55), .12); color: var(--error-color, #db4437); font-weight: 500; font-size: 14px; }
.board { display: grid; grid-template-columns: minmax(0, 1fr) auto minmax(0, 1fr); align-items: start; gap: 8px; margin-top: 12px; }
.team { display: flex; flex-direction: column; align-items: center; text-align: center; gap: 6px; min-width: 0; }
.kit { width: 48px; height: 48px; object-fit: contain; display: block; }
.kit.empty { visibility: hidden; }
.name { font-size: 15px; line-height: 19px; font-weight: 500; overflow-wrap: anywhere; color: var(--primary-text-color); }
.followed .name { font-weight: 700; }
.followed .name::after { content: " ★"; color: var(--primary-color); }
.innings { font-size: 13px; color: var(--secondary-text-color); overflow-wrap: anywhere; }
.batting .innings { color: var(--primary-text-color); font-weight: 600; }
.batting .name::before { content: "● "; color: var(--primary-color); }
.middle { display: flex; flex-direction: column; align-items: center; min-width: 88px; max-width: 150px; text-align: center; }
.score { font-size: 40px; line-height: 48px; font-weight: 700; font-variant-numeric: tabular-nums; color: var(--primary-text-color); white-space: nowrap; }
.score .dash { margin: 0 6px; color: var(--secondary-text-color); font-weight: 400; }
.cricket .score { font-size: 34px; }
.overs { font-size: 15px; color: var(--secondary-text-color); font-variant-numeric: tabular-nums; }
.clock { font-size: 18px; font-weight: 600; font-variant-numeric: tabular-nums; color: var(--primary-text-color); }
.clock.stopped { color: var(--secondary-text-color); }
.period { font-size: 12px; color: var(--secondary-text-color); }
.versus { font-size: 15px; color: var(--secondary-text-color); margin-top: 8px; }
.kickoff { font-size: 14px; font-weight: 500; margin-top: 4px; color: var(--primary-text-color); }
.countdown { font-size: 22px; font-weight: 700; font-variant-numeric: tabular-nums; margin-top: 4px; color: var(--primary-color); }
.post .team:not(.winner) .name, .post .team:not(.winner) .innings { opacity: .62; }
.post .winner .name { font-weight: 700; }
.result { display: inline-block; margin-top: 6px; padding: 1px 10px; border-radius: 10px; font-size: 12px; font-weight: 700; text-transform: uppercase; color: #fff; background: var(--secondary-text-color); }
.result.won { background: var(--success-color, #43a047); }
.result.lost { background: var(--error-color, #db4437); }
.incidents { display: grid; grid-template-columns: 1fr 1fr; gap: 4px 16px; margin-top: 10px; font-size: 13px; color: var(--primary-text-color); }
.incidents ul { list-style: none; margin: 0; padding: 0; min-width: 0; }
.incidents .away { text-align: right; }
.incidents li { display: flex; align-items: center; gap: 4px; line-height: 20px; }
.incidents .away li { justify-content: flex-end; }
.incidents ha-icon { --mdc-icon-size: 14px; color: var(--secondary-text-color); }
.incidents .cancelled { text-decoration: line-through; color: var(--secondary-text-color); }
.red-card { display: inline-block; width: 9px; height: 12px; border-radius: 2px; background: #d32f2f; }
.live-strip { display: flex; align-items: center; gap: 12px; margin-top: 12px; padding: 8px 10px; border-radius: 10px; background: var(--secondary-background-color, rgba(127,127,127,.1)); }
.phase { flex: 1; min-width: 0; font-size: 14px; }
.phase .label { font-weight: 600; color: var(--primary-text-color); }
.phase .side { color: var(--secondary-text-color); font-size: 12px; overflow-wrap: anywhere; }
.pitch { flex: none; width: 96px; height: 62px; }
.stats { margin-top: 12px; display: grid; gap: 8px; }
.stat { display: grid; grid-template-columns: 36px 1fr 36px; align-items: center; gap: 6px; font-size: 12px; font-variant-numeric: tabular-nums; }
.stat .label { grid-column: 1 / -1; text-align: center; color: var(--secondary-text-color); margin-bottom: -4px; }
.stat .v { font-weight: 600; color: var(--primary-text-color); }
.stat .v.r { text-align: right; }
.bar { display: flex; height: 6px; border-radius: 3px; overflow: hidden; background: var(--divider-color, rgba(127,127,127,.25)); gap: 2px; }
.bar .h { background: var(--primary-color); }
.bar .a { background: var(--accent-color, #ff9800); }
.chase { margin-top: 10px; font-size: 14px; text-align: center; color: var(--primary-text-color); }
.chase .rates { font-size: 12px; color: var(--secondary-text-color); }
.footer { display: flex; align-items: center; justify-content: space-between; flex-wrap: wrap; gap: 6px 10px; margin-top: 10px; font-size: 13px; color: var(--secondary-text-color); }
.footer .last { min-width: 0; overflow-wrap: anywhere; }
button.seen { font: inherit; font-size: 13px; font-weight: 600; padding: 4px 12px; border-radius: 16px; border: 1px solid var(--primary-color); background: transparent; color: var(--primary-color); cursor: pointer; }
.message { padding: 8px 0; color: var(--secondary-text-color); font-size: 14px; text-align: center; }
.none .board { grid-template-columns: auto 1fr; align-items: center; text-align: left; }
.none .team { flex-direction: row; text-align: left; }
.outage .board, .outage .incidents, .outage .live-strip, .outage .stats, .outage .chase, .outage .footer { filter: grayscale(1); opacity: .5; }
.flash { animation: flash 1s ease-in-out 3; }
.scored .name, .scored-0 .score .h, .scored-1 .score .a { color: var(--primary-color); }
.flash.wicket .score { color: var(--error-color, #db4437); }
.team.scored .kit { animation: bounce .5s ease-in-out 4; }
@keyframes flash { 50% { box-shadow: inset 0 0 0 3px var(--primary-color); background: rgba(var(--rgb-primary-color, 3, 169, 244), .14); } }
@keyframes bounce { 50% { transform: scale(1.18); } }
@keyframes pulse { 50% { opacity: .3; } }
@media (prefers-reduced-motion: reduce) {
  .flash, .team.scored .kit, .status.live::before { animation: none; }
  .flash { box-shadow: inset 0 0 0 3px var(--primary-color); }
}
`;

class SportrixMatchCard extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._view = null;
    this._shown = "";
    this._watched = null;
    this._flash = null;
    this._seen = null;
    this._note = null;
    this._timer = null;
  }

  static getConfigElement() {
    return document.createElement(EDITOR_TYPE);
  }

  static async getStubConfig(hass) {
    await ready;
    return { device: stubDevice(sportrixDevices(hass)) || "" };
  }

  setConfig(config) {
    if (!config || typeof config !== "object") throw new Error("Invalid configuration");
    this._config = { ...DEFAULTS, ...config };
    this._watched = null;
    this._update(true);
  }

  set hass(hass) {
    this._hass = hass;
    this._update(false);
  }

  get hass() {
    return this._hass;
  }

  connectedCallback() {
    this._schedule();
  }

  disconnectedCallback() {
    clearInterval(this._timer);
    this._timer = null;
  }

  getCardSize() {
    return cardSize ? cardSize(this._view) + 1 : 4;
  }

  getGridOptions() {
    return { columns: 12, rows: "auto", min_columns: 6 };
  }

  // The entity states the view reads: a change elsewhere in Home Assistant draws nothing.
  _inputs() {
    const hass = this._hass;
    const config = this._config;
    const device = config.device || deviceOfEntity(hass, config.entity);
    const ids = Object.values(entitiesOf(hass, device));
    const team = entitiesOf(hass, device).team_match;
    const attributes = team ? hass.states[team]?.attributes || {} : {};
    const matchId = team ? matchDevice(hass, attributes.match_id, attributes.home, attributes.away) : null;
    if (matchId) ids.push(...Object.values(entitiesOf(hass, matchId)));
    return ids;
  }

  _changed() {
    const hass = this._hass;
    const w = this._watched;
    if (w && w.entities === hass.entities && w.devices === hass.devices && w.locale === hass.locale
      && w.connected === hass.connected && w.ids.every((id, i) => hass.states[id] === w.states[i])) {
      return false;
    }
    const ids = this._inputs();
    this._watched = {
      entities: hass.entities,
      devices: hass.devices,
      locale: hass.locale,
      connected: hass.connected,
      ids,
      states: ids.map((id) => hass.states[id]),
    };
    return true;
  }

  _update(force) {
    if (!this._config || !this._hass) return;
    if (!buildView) {
      ready.then(() => this._update(true));
      return;
    }
    if (!this._changed() && !force) return;
    this._fmt = formatter(this._hass);
    const lang = this._fmt.lang;
    if (this._lang !== lang) {
      this._lang = lang;
      withWords(lang, () => this._lang === lang && this._render());
    }
    const view = buildView(this._hass, this._config, this._fmt);
    if (this._hass.connected === false) view.available = false;
    const key = `sportrix-card:${view.deviceId}`;
    if (view.available && view.deviceId && view.kind !== "pick" && view.kind !== "missing") {
      const scored = newScore(this._last, view);
      if (scored) {
        this._flash = { ...scored, until: Date.now() + FLASH_MS };
        this._seen = { at: Date.now(), until: Date.now() + SEEN_MS };
      }
      this._last = view;
      try {
        localStorage.setItem(key, JSON.stringify(view));
      } catch (err) {
        // Private browsing or a full storage: the card keeps the last view in memory only.
      }
    } else if (!view.available && !this._last && view.deviceId) {
      try {
        this._last = JSON.parse(localStorage.getItem(key) || "null");
      } catch (err) {
        this._last = null;
      }
    }
    this._view = view;
    this._render();
  }

  _render() {
    const view = this._view;
    const fmt = this._fmt;
    if (!view) return;
    const shown = !view.available && this._last && this._last.deviceId === view.deviceId ? { ...this._last, available: false } : view;
    const now = Date.now();
    const html = this._html(shown, fmt, now);
    const state = `${html}|${this._flash && this._flash.until > now}|${this._seen && this._seen.until > now}`;
    if (state !== this._shown) {
      this._shown = state;
      this.shadowRoot.innerHTML = `<style>${STYLE}</style>${html}`;
      for (const img of this.shadowRoot.querySelectorAll("img.kit")) {
        img.addEventListener("error", () => { img.outerHTML = shirt(img.dataset.name, img.dataset.colours.split("|")); }, { once: true });
      }
      const seen = this.shadowRoot.querySelector("button.seen");
      if (seen) seen.addEventListener("click", () => this._seenOnTv());
    }
    this._tick();
    this._schedule();
  }

  _html(view, fmt, now) {
    const t = fmt.t;
    if (view.kind === "pick" || view.kind === "missing") {
      const devices = sportrixDevices(this._hass);
      const text = view.kind === "missing" ? t("not_found") : devices.length ? t("pick") : t("no_devices");
      return `<ha-card><div class="top"><span>${escape(t("card_name"))}</span></div><div class="message">${escape(text)}</div></ha-card>`;
    }
    const flash = this._flash && this._flash.until > now ? this._flash : null;
    const classes = [`stage-${view.stage}`, view.sport || "soccer", view.stage === "post" ? "post" : "", view.stage === "none" ? "none" : ""];
    if (!view.available) classes.push("outage");
    if (flash && view.available) classes.push("flash", flash.kind === "wicket" ? "wicket" : `scored-${flash.side}`);
    const status = this._status(view, fmt);
    let body = "";
    if (!view.available) {
      body += `<div class="banner" role="status"><ha-icon icon="mdi:lan-disconnect"></ha-icon>${escape(t("connection_lost"))}${view.sides?.[0]?.score !== null && view.sides?.[0]?.score !== undefined ? ` · ${escape(t("last_known"))}` : ""}</div>`;
    }
    if (view.stage === "none") {
      body += `<div class="board"><div class="team followed">${kit(view.sides[0], matchColours(view.title, "")[0])}</div><div><div class="name">${escape(view.title)}</div><div class="message" style="text-align:left">${escape(view.statusText || t("no_match"))}</div></div></div>`;
      return `<ha-card class="${classes.join(" ")}" aria-label="${escape(view.title)}">${body}</ha-card>`;
    }
    body += this._board(view, fmt, now, flash);
    if (view.sport === "cricket") body += this._chase(view, fmt);
    else if (this._config.show_goals) body += this._incidents(view);
    if (view.sport !== "cricket" && this._config.show_pitch && view.phase) body += this._strip(view, t);
    if (this._config.show_stats && view.stats.length && view.stage !== "pre") body += this._stats(view, fmt);
    body += this._footer(view, fmt, now);
    return `<ha-card class="${classes.join(" ")}" aria-label="${escape(view.title)}"><div class="top"><span class="competition">${escape(view.competition || (view.kind === "team" ? view.title : ""))}</span>${status}</div>${body}</ha-card>`;
  }

  _status(view, fmt) {
    // In an outage the banner says it: the match may have moved on since.
    if (!view.available) return "";
    if (view.stage === "live") return `<span class="status live">${escape(fmt.t("live"))}</span>`;
    if (view.statusText && view.stage !== "pre") return `<span class="status">${escape(view.statusText)}</span>`;
    return "";
  }

  _board(view, fmt, now, flash) {
    const [home, away] = view.sides;
    const colours = matchColours(home.name, away.name);
    const team = (side, index) => {
      const classes = ["team", index ? "away" : "home"];
      if (side.winner) classes.push("winner");
      if (side.followed) classes.push("followed");
      if (side.batting) classes.push("batting");
      if (flash && flash.side === index && view.available) classes.push("scored");
      // The batting side's innings is the large score in the middle.
      const text = side.batting && view.cricket?.runs !== null ? "" : side.innings || (view.stage === "pre" ? "" : fmt.t("yet_to_bat"));
      const innings = view.sport === "cricket" && text ? `<div class="innings">${escape(text)}</div>` : "";
      return `<div class="${classes.join(" ")}">${kit(side, colours[index])}<div class="name">${escape(side.name)}</div>${innings}</div>`;
    };
    return `<div class="board">${team(home, 0)}<div class="middle">${this._middle(view, fmt, now)}</div>${team(away, 1)}</div>`;
  }

  _middle(view, fmt, now) {
    const t = fmt.t;
    const [home, away] = view.sides;
    if (view.stage === "pre") {
      const when = view.kickOff ? `<div class="kickoff">${escape(fmt.dateTime(view.kickOff))}</div>` : "";
      const left = countdown(view.kickOff, now);
      const near = left ? `<div class="countdown" aria-label="${escape(t("kick_off"))}">${left}</div>` : "";
      return `<div class="versus">${escape(t("versus"))}</div>${when}${near}`;
    }
    const result = view.result ? `<span class="result ${view.result}">${escape(t(view.result))}</span>` : "";
    if (view.sport === "cricket") {
      const c = view.cricket || {};
      if (c.batting !== null && c.batting !== undefined && c.runs !== null && view.stage !== "post") {
        const overs = c.overs !== null ? `<div class="overs">${escape(t("overs", { overs: c.overs }))}</div>` : "";
        return `<div class="score">${c.runs}/${c.wickets ?? 0}</div>${overs}${view.stage === "break" ? `<div class="period">${escape(view.statusText)}</div>` : ""}${result}`;
      }
      return `<div class="period">${escape(view.statusText)}</div>${result}`;
    }
    const score = home.score !== null && away.score !== null
      ? `<div class="score" aria-label="${home.score}-${away.score}"><span class="h">${fmt.number(home.score)}</span><span class="dash">–</span><span class="a">${fmt.number(away.score)}</span></div>`
      : `<div class="versus">${escape(t("versus"))}</div>`;
    let clock = "";
    if (view.stage === "live" || view.stage === "ht") {
      const ticking = clockNow(view.clock, now);
      if (ticking && view.stage === "live") clock = `<div class="clock${ticking.running && view.available ? "" : " stopped"}">${ticking.text}</div>`;
      clock += `<div class="period">${escape(view.clock?.periodText || view.statusText)}</div>`;
    } else if (view.stage === "post") {
      clock = `<div class="period">${escape(view.statusText || view.clock?.periodText || "")}</div>`;
    }
    return `${score}${clock}${result}`;
  }

  _incidents(view) {
    const list = (side) => side.incidents.map((i) => {
      const icon = i.kind === "goal" ? `<ha-icon icon="mdi:soccer"></ha-icon>` : `<span class="red-card" title="${escape(this._fmt.t("red_card"))}"></span>`;
      const title = i.cancelled ? ` title="${escape(this._fmt.t("cancelled"))}"` : "";
      return `<li class="${i.kind}${i.cancelled ? " cancelled" : ""}"${title}>${icon}<span>${escape(i.minute)}'</span></li>`;
    }).join("");
    const [home, away] = view.sides;
    if (!home.incidents.length && !away.incidents.length) return "";
    return `<div class="incidents"><ul class="home">${list(home)}</ul><ul class="away">${list(away)}</ul></div>`;
  }

  _strip(view, t) {
    const phase = view.phase;
    const who = phase.side ? view.sides[phase.side === "home" ? 0 : 1].name : "";
    const ball = view.ball
      ? `<circle cx="${(4 + view.ball.x * 112).toFixed(1)}" cy="${(4 + view.ball.y * 72).toFixed(1)}" r="4" fill="#fff" stroke="#111" stroke-width="1"/>`
      : "";
    const arrow = phase.side ? `<path d="${phase.side === "home" ? "M52 8h16l-4-3m4 3-4 3" : "M68 8H52l4-3m-4 3 4 3"}" stroke="#fff" stroke-width="1.5" fill="none" opacity=".8"/>` : "";
    const pitch = `<svg class="pitch" viewBox="0 0 120 80" aria-hidden="true"><rect x="0" y="0" width="120" height="80" rx="4" fill="#2e7d32"/><g fill="none" stroke="rgba(255,255,255,.75)" stroke-width="1"><rect x="4" y="4" width="112" height="72"/><line x1="60" y1="4" x2="60" y2="76"/><circle cx="60" cy="40" r="9"/><rect x="4" y="22" width="16" height="36"/><rect x="100" y="22" width="16" height="36"/></g>${arrow}${ball}</svg>`;
    const side = who ? `<div class="side">${escape(who)}</div>` : "";
    return `<div class="live-strip"><div class="phase"><div class="label">${escape(phase.label)}</div>${side}</div>${pitch}</div>`;
  }

  _stats(view, fmt) {
    const rows = view.stats.map((s) => {
      const total = s.home + s.away;
      const share = total > 0 ? (s.home / total) * 100 : 50;
      const value = (v) => (s.percent ? `${fmt.number(v)}%` : fmt.number(v));
      return `<div class="stat"><span class="label">${escape(fmt.t(s.key))}</span><span class="v">${value(s.home)}</span><div class="bar"><span class="h" style="width:${share.toFixed(1)}%"></span><span class="a" style="flex:1"></span></div><span class="v r">${value(s.away)}</span></div>`;
    });
    return `<div class="stats">${rows.join("")}</div>`;
  }

  _chase(view, fmt) {
    const c = view.cricket;
    if (!c || c.target === null || view.stage === "post" || c.batting === null) return "";
    const t = fmt.t;
    const team = view.sides[c.batting].name;
    const need = c.ballsLeft !== null
      ? t("need_balls", { team, runs: fmt.number(c.needed), balls: fmt.number(c.ballsLeft) })
      : t("need_runs", { team, runs: fmt.number(c.needed) });
    const rates = [t("target", { runs: fmt.number(c.target) })];
    if (c.runRate !== null) rates.push(t("run_rate", { rate: fmt.number(c.runRate, 2) }));
    if (c.requiredRate !== null) rates.push(t("required_rate", { rate: fmt.number(c.requiredRate, 2) }));
    return `<div class="chase"><div>${escape(need)}</div><div class="rates">${escape(rates.join(" · "))}</div></div>`;
  }

  _footer(view, fmt, now) {
    const t = fmt.t;
    const parts = [];
    if (view.lastEvent && view.stage !== "pre") {
      const label = view.sport === "cricket" ? `${t("last_ball")}: ${view.lastEvent}` : view.lastEvent;
      parts.push(`<span class="last">${escape(label)}</span>`);
    }
    if (this._note && this._note.until > now) parts.push(`<span>${escape(this._note.text)}</span>`);
    else if (this._seen && this._seen.until > now && this._delayEntity() && view.available) {
      parts.push(`<button class="seen" title="${escape(t("seen_on_tv_hint"))}">${escape(t("seen_on_tv"))}</button>`);
    }
    return parts.length ? `<div class="footer">${parts.join("")}</div>` : "";
  }

  _delayEntity() {
    const entry = Object.values(this._hass?.entities || {}).find(
      (e) => e.platform === DOMAIN && e.translation_key === "broadcast_delay",
    );
    return entry?.entity_id || null;
  }

  // The user saw it on TV now: the broadcast delay grows by the time since the card showed it.
  async _seenOnTv() {
    const entityId = this._delayEntity();
    if (!entityId || !this._seen) return;
    const current = Number(this._hass.states[entityId]?.state) || 0;
    const seconds = Math.min(MAX_DELAY, Math.round(current + (Date.now() - this._seen.at) / 1000));
    this._seen = null;
    await this._hass.callService("number", "set_value", { entity_id: entityId, value: seconds });
    this._note = { text: this._fmt.t("delay_set", { seconds }), until: Date.now() + 6000 };
    this._render();
  }

  // Between frames: the clock's seconds and the countdown move here, without a redraw.
  _tick() {
    const view = this._view;
    if (!view || !this.shadowRoot) return;
    const now = Date.now();
    const clock = this.shadowRoot.querySelector(".clock");
    if (clock && view.clock && view.available) clock.textContent = clockNow(view.clock, now).text;
    const left = this.shadowRoot.querySelector(".countdown");
    if (left) left.textContent = countdown(view.kickOff, now);
    const expired = [this._flash, this._seen, this._note].some((x) => x && x.until <= now && !x.done);
    if (expired) {
      for (const x of [this._flash, this._seen, this._note]) if (x && x.until <= now) x.done = true;
      this._render();
    }
  }

  _schedule() {
    const view = this._view;
    const busy = view && this.isConnected && (
      (view.clock?.running && view.available) || (view.stage === "pre" && view.kickOff)
      || [this._flash, this._seen, this._note].some((x) => x && !x.done));
    if (busy && !this._timer) this._timer = setInterval(() => this._tick(), 1000);
    if (!busy && this._timer) {
      clearInterval(this._timer);
      this._timer = null;
    }
  }
}

class SportrixMatchCardEditor extends HTMLElement {
  constructor() {
    super();
    this.attachShadow({ mode: "open" });
    this._drawn = "";
  }

  setConfig(config) {
    this._config = { ...DEFAULTS, ...config };
    this._render();
  }

  set hass(hass) {
    this._hass = hass;
    this._render();
  }

  _render() {
    if (!this._config || !this._hass) return;
    if (!translate) {
      ready.then(() => this._render());
      return;
    }
    const lang = languageOf(this._hass);
    if (this._lang !== lang) {
      this._lang = lang;
      withWords(lang, () => this._lang === lang && this._render());
    }
    const t = (key) => translate(lang, key);
    const devices = sportrixDevices(this._hass);
    const current = this._config.device || deviceOfEntity(this._hass, this._config.entity) || "";
    const options = (kind) => devices.filter((d) => d.kind === kind).map(
      (d) => `<option value="${escape(d.id)}"${d.id === current ? " selected" : ""}>${escape(d.name)}</option>`,
    ).join("");
    const box = (key) => `<label class="check"><input type="checkbox" data-key="${key}"${this._config[key] ? " checked" : ""}> ${escape(t(`editor_${key.replace("show_", "")}`))}</label>`;
    const html = `<style>
      .field { display: flex; flex-direction: column; gap: 6px; margin-bottom: 14px; }
      label { color: var(--primary-text-color); font-size: 14px; }
      select { font: inherit; padding: 10px 8px; border-radius: 6px; border: 1px solid var(--divider-color); background: var(--card-background-color, var(--primary-background-color)); color: var(--primary-text-color); max-width: 100%; }
      .check { display: flex; align-items: center; gap: 8px; margin: 8px 0; }
      input[type=checkbox] { width: 18px; height: 18px; accent-color: var(--primary-color); }
    </style>
    <div class="field"><label for="device">${escape(t("editor_device"))}</label>
      <select id="device" aria-label="${escape(t("editor_device"))}"><option value="">${escape(t("editor_none"))}</option>
        <optgroup label="${escape(t("editor_matches"))}">${options("match")}</optgroup>
        <optgroup label="${escape(t("editor_teams"))}">${options("team")}</optgroup>
      </select></div>
    ${box("show_goals")}${box("show_pitch")}${box("show_stats")}`;
    if (html === this._drawn) return;
    this._drawn = html;
    this.shadowRoot.innerHTML = html;
    this.shadowRoot.querySelector("select").addEventListener("change", (e) => {
      const { entity, ...rest } = this._config;
      this._changed({ ...rest, device: e.target.value });
    });
    for (const input of this.shadowRoot.querySelectorAll("input[type=checkbox]")) {
      input.addEventListener("change", (e) => this._changed({ ...this._config, [e.target.dataset.key]: e.target.checked }));
    }
  }

  // The configuration as saved: the choices that differ from the defaults only.
  _changed(config) {
    this._config = config;
    const saved = { type: `custom:${CARD_TYPE}` };
    for (const [key, value] of Object.entries(config)) {
      if (key !== "type" && DEFAULTS[key] !== value) saved[key] = value;
    }
    this.dispatchEvent(new CustomEvent("config-changed", { detail: { config: saved }, bubbles: true, composed: true }));
  }
}

// Home Assistant 2025.4 puts a scoped element registry in place of the browser's as its app
// starts, and would not know an element defined before: define the card's once the app is.
// Dashboards created meanwhile draw it when it is defined.
Promise.race([
  customElements.whenDefined("home-assistant"),
  new Promise((resolve) => setTimeout(resolve, APP_WAIT_MS)),
]).then(() => {
  const registry = window.customElements;
  if (!registry.get(CARD_TYPE)) registry.define(CARD_TYPE, SportrixMatchCard);
  if (!registry.get(EDITOR_TYPE)) registry.define(EDITOR_TYPE, SportrixMatchCardEditor);
});

window.customCards = window.customCards || [];
// The picker's entry is there as soon as the logic is, its name and description read in the
// page's language when the picker lists them: English until that language's words are loaded.
const pickerLanguage = () => document.documentElement.lang || navigator.language || "en";
ready.then(() => {
  if (document.documentElement.lang) loadWords(document.documentElement.lang, fetchWords);
  if (window.customCards.some((card) => card.type === CARD_TYPE)) return;
  window.customCards.push({
    type: CARD_TYPE,
    get name() {
      return translate(pickerLanguage(), "card_name");
    },
    get description() {
      return translate(pickerLanguage(), "card_description");
    },
    preview: true,
    documentationURL: "https://github.com/sportrix-live-scores/ha-sportrix#the-match-card",
    // Offered for the entities of a Sportrix match or team, where Home Assistant asks.
    getEntitySuggestion(hass, entityId) {
      const device = hass?.entities?.[entityId]?.platform === DOMAIN ? deviceOfEntity(hass, entityId) : null;
      const keys = device ? entitiesOf(hass, device) : {};
      if (!("status" in keys) && !("team_match" in keys)) return null;
      return { config: { type: `custom:${CARD_TYPE}`, device } };
    },
  });
});
