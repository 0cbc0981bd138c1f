// relato's web page: events, stories, articles with their evidence, and a map.
//
// Plain JavaScript, no framework, no network beyond this server. Every value that comes
// from the API (article text above all) is put into the page with createTextNode /
// textContent, never as HTML; styles go through classes (the server's CSP forbids inline
// style attributes and inline scripts).
"use strict";

(function () {
  const STATUSES = ["occurred", "ongoing", "planned", "considered", "threatened",
                    "hypothetical", "negated"];
  const TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT",
                 "REQUEST", "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE",
                 "COERCE", "ASSAULT"];
  const FILTERS = [
    ["actor", "Actor", "name or country"], ["target", "Target", "name or country"],
    ["type", "Type", null], ["status", "Status", null],
    ["country", "Country", "e.g. MEX"], ["date_from", "Date from", "YYYY-MM-DD"],
    ["date_to", "Date to", "YYYY-MM-DD"], ["story", "Story", "id"],
  ];
  const PAGE = 50;
  const PALETTE = 8;          // colour classes per kind of highlight: ev-c0..7, q-c0..7, s-c0..7
  const SVGNS = "http://www.w3.org/2000/svg";

  const main = document.getElementById("main");
  const tip = document.getElementById("tip");
  let world = null;           // the world outline, loaded once
  let renderToken = 0;        // a newer view makes a slower, older one drop its result

  // -- building the page (text only) --------------------------------------------------
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    setProps(node, props);
    append(node, children);
    return node;
  }

  function svg(tag, props, ...children) {
    const node = document.createElementNS(SVGNS, tag);
    setProps(node, props);
    append(node, children);
    return node;
  }

  function setProps(node, props) {
    for (const [key, value] of Object.entries(props || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.setAttribute("class", value);
      else if (key === "text") node.textContent = String(value);
      else if (key.startsWith("on") || key === "style") throw new Error("not allowed: " + key);
      else node.setAttribute(key, String(value));
    }
  }

  function append(node, children) {
    for (const child of children.flat(Infinity)) {
      if (child === null || child === undefined || child === false) continue;
      node.appendChild(typeof child === "object" ? child : document.createTextNode(String(child)));
    }
  }

  function link(href, text, cls) {
    return el("a", {href: href, class: cls, text: text});
  }

  function safeUrl(url) {
    // only web addresses become links; anything else (javascript:, data:) stays text
    try {
      const parsed = new URL(url);
      return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
    } catch (e) {
      return null;
    }
  }

  function statusBadge(status) {
    const known = STATUSES.includes(status) ? status : "unknown";
    return el("span", {class: "badge st-" + known, "data-status": status, text: status || "?"});
  }

  function statusLegend() {
    return el("ul", {class: "legend", "aria-label": "statuses"},
      STATUSES.map((s) => el("li", null, el("span", {class: "swatch st-" + s}), s)));
  }

  function who(person) {
    const extra = [person.country, person.sector].filter(Boolean).join(", ");
    return extra ? `${person.name} (${extra})` : String(person.name);
  }

  function sourceText(source) {
    if (!source) return "not told";
    const name = source.name || source.mention || source.role || "unnamed source";
    const bits = [source.kind, source.anonymous ? "anonymous" : null,
                  source.count ? `count ${source.count}` : null, source.country,
                  source.role && source.role !== name ? source.role : null,
                  source.former ? "former" : null].filter(Boolean);
    return bits.length ? `${name} (${bits.join(", ")})` : name;
  }

  function listText(items, fmt) {
    return items && items.length ? items.map(fmt).join("; ") : "—";
  }

  function eventDate(event) {
    return event.date || "";
  }

  function placeText(event) {
    const name = event.place_name || (event.place && event.place.name);
    const country = event.place_country || (event.place && event.place.country);
    if (!name && !country) return "";
    return name && country && name !== country ? `${name}, ${country}` : (name || country);
  }

  function message(text, cls) {
    return el("p", {class: cls || "muted", text: text});
  }

  // -- the API ------------------------------------------------------------------------
  async function api(path, params) {
    const query = new URLSearchParams();
    for (const [key, value] of Object.entries(params || {})) {
      if (value !== null && value !== undefined && value !== "") query.set(key, value);
    }
    const url = path + (query.toString() ? "?" + query.toString() : "");
    const answer = await fetch(url, {headers: {Accept: "application/json"}});
    if (!answer.ok) {
      let detail = answer.statusText;
      try { detail = (await answer.json()).detail || detail; } catch (e) { /* not JSON */ }
      const error = new Error(typeof detail === "string" ? detail : JSON.stringify(detail));
      error.status = answer.status;
      throw error;
    }
    return answer.json();
  }

  async function allEvents(params) {
    const items = [];
    for (let offset = 0; ; offset += 500) {
      const page = await api("events", Object.assign({}, params, {limit: 500, offset: offset}));
      items.push(...page.items);
      if (items.length >= page.total || page.items.length === 0) return items;
    }
  }

  async function loadWorld() {
    if (!world) world = await api("static/world.json");
    return world;
  }

  // a few requests at a time, for details the list of events does not carry
  async function eachLimited(items, limit, work) {
    let next = 0;
    async function worker() {
      while (next < items.length) {
        const item = items[next++];
        try { await work(item); } catch (e) { /* that row keeps what it has */ }
      }
    }
    await Promise.all(Array.from({length: Math.min(limit, items.length)}, worker));
  }

  // -- the tooltip --------------------------------------------------------------------
  function showTip(content, x, y) {
    tip.replaceChildren(content);
    tip.hidden = false;
    const width = tip.offsetWidth, height = tip.offsetHeight;
    const left = Math.min(x + 14, window.scrollX + document.documentElement.clientWidth - width - 8);
    const top = y + 18 + height > window.scrollY + window.innerHeight ? y - height - 12 : y + 18;
    tip.style.left = Math.max(8, left) + "px";
    tip.style.top = Math.max(8, top) + "px";
  }

  function hideTip() {
    tip.hidden = true;
  }

  function recordCard(title, rows, cls) {
    return el("div", {class: "card " + (cls || "")},
      el("div", {class: "card-title"}, title),
      el("dl", null, rows.filter((r) => r[1] !== null && r[1] !== undefined && r[1] !== "")
        .map(([k, v]) => [el("dt", {text: k}), el("dd", null, v)])));
  }

  function eventCard(event, storeId) {
    return recordCard([el("b", {text: event.type}), " ", statusBadge(event.status)], [
      ["actors", listText(event.actors, who)],
      ["targets", listText(event.targets, who)],
      ["sources", event.sources && event.sources.length ? listText(event.sources, sourceText)
                                                       : "the article's own voice"],
      ["trigger", event.trigger],
      ["place", placeText(event)],
      ["date", eventDate(event)],
      ["mode", (event.mode || []).join(", ")],
      ["event", storeId !== undefined && storeId !== null ? `#${storeId} in the store` : ""],
    ], "card-event");
  }

  function quoteCard(quote) {
    return recordCard([el("b", {text: quote.direct ? "Direct quote" : "Reported speech"})], [
      ["speaker", sourceText(quote.speaker)],
      ["cue", quote.cue],
      ["words", quote.text],
    ], "card-quote");
  }

  function sourceCard(source) {
    return recordCard([el("b", {text: "Source"})], [
      ["who", sourceText(source)],
      ["words", source.mention],
      ["for", source.for.join("; ")],
    ], "card-source");
  }

  // -- routing ------------------------------------------------------------------------
  function route() {
    const hash = location.hash.replace(/^#\/?/, "");
    const [path, query] = hash.split("?");
    const parts = path.split("/").filter(Boolean).map(decodeURIComponent);
    const params = new URLSearchParams(query || "");
    for (const a of document.querySelectorAll("header nav a")) {
      a.classList.toggle("active", a.dataset.route === (parts[0] || "events"));
    }
    hideTip();
    const token = ++renderToken;
    main.dataset.ready = "false";
    main.replaceChildren(message("Loading…"));
    let work;
    if (parts[0] === "articles" && parts[1]) work = articleView(parts[1]);
    else if (parts[0] === "stories" && parts[1]) work = storyView(parts[1]);
    else if (parts[0] === "stories") work = storiesView(params);
    else if (parts[0] === "map") work = mapView(params);
    else work = eventsView(params);
    work.then((nodes) => {
      if (token !== renderToken) return;
      main.replaceChildren(...nodes.flat(Infinity).filter(Boolean));
      document.body.dataset.view = parts[0] || "events";
      main.dataset.ready = "true";
    }).catch((error) => {
      if (token !== renderToken) return;
      main.replaceChildren(el("div", {class: "error"},
        el("h2", {text: error.status === 404 ? "Not found" : "Something went wrong"}),
        el("p", {text: error.message})));
      main.dataset.ready = "true";
    });
  }

  // -- events -------------------------------------------------------------------------
  async function eventsView(params) {
    const filters = {};
    for (const [key] of FILTERS) filters[key] = params.get(key) || "";
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const limit = Math.min(500, Math.max(1, parseInt(params.get("limit") || PAGE, 10) || PAGE));
    const page = await api("events", Object.assign({}, filters, {limit: limit, offset: offset}));

    const form = el("form", {class: "filters", id: "filters"},
      FILTERS.map(([key, label, hint]) => {
        let input;
        if (key === "type" || key === "status") {
          const options = key === "type" ? TYPES : STATUSES;
          input = el("select", {name: key, id: "f-" + key},
            el("option", {value: "", text: "any"}),
            options.map((o) => el("option", {value: o, text: o})));
          input.value = key === "type" ? filters[key].toUpperCase() : filters[key].toLowerCase();
        } else {
          input = el("input", {name: key, id: "f-" + key, placeholder: hint,
                               type: key === "story" ? "number" : "text",
                               min: key === "story" ? "1" : null});
          input.value = filters[key];
        }
        return el("label", {for: "f-" + key}, el("span", {text: label}), input);
      }),
      el("div", {class: "filter-actions"},
        el("button", {type: "submit", text: "Filter"}),
        link("#/events", "Clear", "button-link")));
    form.addEventListener("submit", (e) => {
      e.preventDefault();
      const query = new URLSearchParams();
      if (limit !== PAGE) query.set("limit", limit);
      for (const [key, value] of new FormData(form).entries()) {
        if (String(value).trim()) query.set(key, String(value).trim());
      }
      const target = "#/events" + (query.toString() ? "?" + query.toString() : "");
      if (location.hash === target) route(); else location.hash = target;
    });
    for (const select of form.querySelectorAll("select")) {
      select.addEventListener("change", () => form.requestSubmit());
    }

    const rows = page.items.map((event) => {
      const reported = el("td", {class: "reported", text: "…"});
      const articles = el("span", {class: "article-links"});
      const row = el("tr", {"data-event": event.id},
        el("td", null, link(`#/stories/${event.story_id}`, event.type, "type")),
        el("td", {class: "status"}, statusBadge(event.status)),
        el("td", {text: listText(event.actors, who)}),
        el("td", {text: listText(event.targets, who)}),
        el("td", {text: placeText(event)}),
        el("td", {class: "nowrap"}, eventDate(event) ||
          el("span", {class: "muted", title: "first reported", text: event.first_published || ""})),
        reported,
        el("td", {class: "num"}, String(event.mentions), " ", articles));
      row.relatoFill = (detail) => {
        reported.textContent = (detail.reported_by || []).join(", ") || "—";
        const seen = new Set();
        for (const mention of detail.history || []) {
          if (seen.has(mention.article_id)) continue;
          seen.add(mention.article_id);
          articles.appendChild(link(`#/articles/${encodeURIComponent(mention.article_id)}`,
            mention.lang || "article", "chip"));
        }
      };
      return row;
    });
    // the list does not say who reported each event nor in which articles: ask per row
    eachLimited(rows, 4, async (row) => row.relatoFill(await api(`events/${row.dataset.event}`)));

    const table = el("table", {class: "events", id: "events-table"},
      el("thead", null, el("tr", null,
        ["type", "status", "actors", "targets", "place", "date", "reported by", "mentions"]
          .map((h) => el("th", {scope: "col", text: h})))),
      el("tbody", null, rows));

    const pager = pagerFor(page, (newOffset) => {
      const query = new URLSearchParams();
      for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value);
      if (limit !== PAGE) query.set("limit", limit);
      if (newOffset) query.set("offset", newOffset);
      return "#/events" + (query.toString() ? "?" + query.toString() : "");
    });
    return [el("h1", {text: "Events"}), form, pager,
            page.items.length ? table : message("No event matches these filters."),
            page.items.length > 10 ? pagerFor(page, pager.relatoHref) : null];
  }

  function pagerFor(page, href) {
    const first = page.total ? page.offset + 1 : 0;
    const last = Math.min(page.offset + page.items.length, page.total);
    const nav = el("div", {class: "pager"},
      el("span", {class: "count", id: "events-total", "data-total": page.total,
                  text: `${first}–${last} of ${page.total} events`}),
      page.offset > 0 ? link(href(Math.max(0, page.offset - page.limit)), "← previous", "prev")
        : null,
      page.offset + page.items.length < page.total
        ? link(href(page.offset + page.limit), "next →", "next") : null);
    nav.relatoHref = href;
    return nav;
  }

  // -- stories ------------------------------------------------------------------------
  async function storiesView(params) {
    const offset = Math.max(0, parseInt(params.get("offset") || "0", 10) || 0);
    const page = await api("stories", {limit: PAGE, offset: offset});
    const table = el("table", {class: "stories"},
      el("thead", null, el("tr", null, ["story", "articles", "events", "first", "last"]
        .map((h) => el("th", {scope: "col", class: h === "articles" || h === "events" ? "num" : null,
                              text: h})))),
      el("tbody", null, page.items.map((s) => el("tr", null,
        el("td", null, link(`#/stories/${s.id}`, s.title || `story ${s.id}`)),
        el("td", {class: "num", text: s.articles}),
        el("td", {class: "num"}, link(`#/events?story=${s.id}`, String(s.events))),
        el("td", {class: "nowrap", text: s.first_published || ""}),
        el("td", {class: "nowrap", text: s.last_published || ""})))));
    const nav = el("div", {class: "pager"},
      el("span", {class: "count", text: `${page.total} stories`}),
      page.offset > 0 ? link(`#/stories?offset=${Math.max(0, page.offset - PAGE)}`, "← previous") : null,
      page.offset + page.items.length < page.total
        ? link(`#/stories?offset=${page.offset + PAGE}`, "next →") : null);
    return [el("h1", {text: "Stories"}), nav,
            page.items.length ? table : message("No story stored yet.")];
  }

  function dayOf(value) {
    // "2026-10-05", "2026-10", "2026", or an interval "start/end": the start, as a time
    if (!value) return null;
    const match = /^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?/.exec(String(value));
    if (!match) return null;
    return Date.UTC(+match[1], match[2] ? +match[2] - 1 : 0, match[3] ? +match[3] : 1);
  }

  function statusChain(history) {
    const chain = [];
    for (const mention of history) {
      if (chain[chain.length - 1] !== mention.status) chain.push(mention.status);
    }
    return chain;
  }

  function timeline(events) {
    const times = [];
    for (const event of events) {
      for (const mention of event.history) if (dayOf(mention.published) !== null) times.push(dayOf(mention.published));
      if (dayOf(event.date) !== null) times.push(dayOf(event.date));
    }
    if (!times.length) return message("No dates to place these events on a timeline.");
    const day = 86400000;
    let start = Math.min(...times), end = Math.max(...times);
    const pad = Math.max(day, (end - start) * 0.04);
    start -= pad; end += pad;
    const left = 230, right = 880, rowH = 26, top = 34;
    const height = top + events.length * rowH + 12;
    const x = (t) => left + (t - start) / (end - start) * (right - left);
    const chart = svg("svg", {class: "timeline", id: "timeline", viewBox: `0 0 900 ${height}`,
                              role: "img", "aria-label": "timeline of the story's events"});
    // the axis: a tick per month start (or per week on short stories)
    const span = end - start;
    const ticks = [];
    const first = new Date(start);
    if (span > 75 * day) {
      for (let d = Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 1); d < end;
           d = Date.UTC(new Date(d).getUTCFullYear(), new Date(d).getUTCMonth() + 1, 1)) ticks.push(d);
    } else {
      const step = span > 20 * day ? 7 * day : day * Math.max(1, Math.round(span / day / 8));
      for (let d = Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), first.getUTCDate() + 1);
           d < end; d += step) ticks.push(d);
    }
    for (const t of ticks) {
      chart.appendChild(svg("line", {class: "tick", x1: x(t), x2: x(t), y1: top - 8, y2: height - 6}));
      chart.appendChild(svg("text", {class: "tick-label", x: x(t), y: top - 14,
                                     text: new Date(t).toISOString().slice(0, 10)}));
    }
    events.forEach((event, i) => {
      const y = top + i * rowH + rowH / 2;
      let actors = listText(event.actors, (a) => a.name);
      if (actors.length > 24) actors = actors.slice(0, 23) + "…";
      const row = svg("g", {class: "tl-row", "data-event": event.id});
      row.appendChild(svg("text", {class: "tl-label", x: 8, y: y + 4},
        svg("tspan", {class: "tl-type", text: event.type}),
        svg("tspan", {class: "tl-actors", text: " " + actors})));
      const points = event.history.filter((m) => dayOf(m.published) !== null);
      if (points.length > 1) {
        chart.appendChild(svg("line", {class: "tl-span", x1: x(dayOf(points[0].published)),
          x2: x(dayOf(points[points.length - 1].published)), y1: y, y2: y}));
      }
      for (const mention of points) {
        const dot = svg("circle", {class: "tl-dot st-" + mention.status,
          cx: x(dayOf(mention.published)), cy: y, r: 6.5, "data-status": mention.status});
        dot.appendChild(svg("title", {text: `${mention.published} · ${mention.outlet || mention.article_id} · ${mention.lang} · ${mention.status}`}));
        row.appendChild(dot);
      }
      if (dayOf(event.date) !== null) {
        const cx = x(dayOf(event.date));
        const mark = svg("path", {class: "tl-date st-" + event.status,
          d: `M${cx} ${y - 7}L${cx + 7} ${y}L${cx} ${y + 7}L${cx - 7} ${y}Z`});
        mark.appendChild(svg("title", {text: `event date ${event.date} (${event.status})`}));
        row.appendChild(mark);
      }
      chart.appendChild(row);
    });
    return chart;
  }

  async function storyView(id) {
    const story = await api(`stories/${encodeURIComponent(id)}`);
    const articles = el("ul", {class: "articles"}, story.articles_list.map((a) => el("li", null,
      el("span", {class: "nowrap muted", text: a.published || "undated"}), " ",
      el("span", {class: "chip", text: a.lang || "?"}), " ",
      link(`#/articles/${encodeURIComponent(a.id)}`, a.title || a.id), " ",
      el("span", {class: "muted", text: a.outlet || ""}))));

    const items = story.events.map((event) => {
      const chain = statusChain(event.history);
      return el("li", {class: "story-event", "data-event": event.id},
        el("div", {class: "story-event-head"},
          el("b", {text: event.type}), " ", statusBadge(event.status), " ",
          el("span", {text: `${listText(event.actors, who)} → ${listText(event.targets, who)}`}),
          placeText(event) ? el("span", {class: "muted", text: " · " + placeText(event)}) : null,
          event.date ? el("span", {class: "muted", text: " · " + event.date}) : null,
          el("span", {class: "muted", text: ` · ${event.mentions} mention${event.mentions === 1 ? "" : "s"}`})),
        event.history.length > 1 ? el("div", {class: "chain", "data-chain": chain.join(" → ")},
          el("span", {class: "muted small", text: "status history: "}),
          chain.map((s, i) => [i ? el("span", {class: "arrow", text: " → "}) : null, statusBadge(s)]))
          : null,
        el("table", {class: "history"},
          el("thead", null, el("tr", null, ["published", "outlet", "language", "status", "cue", "article"]
            .map((h) => el("th", {scope: "col", text: h})))),
          el("tbody", null, event.history.map((m) => el("tr", null,
            el("td", {class: "nowrap", text: m.published || "—"}),
            el("td", {text: m.outlet || "—"}),
            el("td", {text: m.lang || "—"}),
            el("td", null, statusBadge(m.status)),
            el("td", {text: m.status_cue || ""}),
            el("td", null, link(`#/articles/${encodeURIComponent(m.article_id)}`, m.article_id)))))),
        event.sources.length ? el("div", {class: "muted small",
          text: "sources: " + listText(event.sources, sourceText)}) : null);
    });

    const placed = story.events.filter((e) => e.place_lat !== null && e.place_lon !== null);
    const nodes = [
      el("p", {class: "crumbs"}, link("#/stories", "Stories"), " / ", `story ${story.id}`),
      el("h1", {text: story.title || `Story ${story.id}`}),
      el("p", {class: "muted", text: `${story.articles} articles, ${story.events.length} events, ` +
        `${story.first_published || "?"} to ${story.last_published || "?"}`},
        " ", link(`#/events?story=${story.id}`, "as a table")),
      el("h2", {text: "Articles"}), articles,
      el("h2", {text: "Timeline"}),
      el("p", {class: "muted small", text: "One row per event; a dot per report of it, on the day it " +
        "was published, coloured by the status it gave; a diamond on the event's own date."}),
      statusLegend(), timeline(story.events),
    ];
    if (placed.length) nodes.push(el("h2", {text: "Map"}), await worldMap(placed, true));
    nodes.push(el("h2", {text: "Events and their status history"}),
               el("ol", {class: "story-events"}, items));
    return nodes;
  }

  // -- the map ------------------------------------------------------------------------
  const project = (lon, lat) => [lon + 180, 90 - lat];

  async function worldMap(events, fit) {
    const outline = await loadWorld();
    let box = [0, 0, outline.width, outline.height];
    if (fit && events.length) {
      const xs = events.map((e) => project(e.place_lon, e.place_lat)[0]);
      const ys = events.map((e) => project(e.place_lon, e.place_lat)[1]);
      const w = Math.max(60, Math.max(...xs) - Math.min(...xs) + 30);
      const h = w / 2;
      const cx = (Math.max(...xs) + Math.min(...xs)) / 2, cy = (Math.max(...ys) + Math.min(...ys)) / 2;
      box = [Math.max(0, Math.min(360 - w, cx - w / 2)), Math.max(0, Math.min(180 - h, cy - h / 2)), w, h];
    }
    const scale = box[2] / 360;
    const map = svg("svg", {class: "map", id: fit ? "story-map" : "world-map",
                            viewBox: box.join(" "), role: "img", "aria-label": "map of events"});
    map.appendChild(svg("rect", {class: "sea", x: 0, y: 0, width: 360, height: 180}));
    const land = svg("g", {class: "land"});
    for (const country of outline.countries) {
      const path = svg("path", {d: country.d, "data-country": country.id});
      path.appendChild(svg("title", {text: country.name}));
      land.appendChild(path);
    }
    map.appendChild(land);
    // several events at one place: one marker, sized by how many mentions they have
    const groups = new Map();
    for (const event of events) {
      const key = `${event.place_lat.toFixed(2)},${event.place_lon.toFixed(2)}`;
      if (!groups.has(key)) groups.set(key, []);
      groups.get(key).push(event);
    }
    const markers = svg("g", {class: "markers"});
    for (const group of groups.values()) {
      const [cx, cy] = project(group[0].place_lon, group[0].place_lat);
      const mentions = group.reduce((n, e) => n + (e.mentions || 1), 0);
      const latest = group[group.length - 1];
      const marker = svg("circle", {class: "marker st-" + latest.status, cx: cx, cy: cy,
        r: (2.2 + Math.min(3, Math.sqrt(mentions))) * scale, "data-events": group.map((e) => e.id).join(",")});
      marker.style.strokeWidth = String(0.6 * scale);
      marker.addEventListener("mousemove", (e) => showTip(el("div", null, group.map((ev) =>
        eventCard(ev, ev.id))), e.pageX, e.pageY));
      marker.addEventListener("mouseleave", hideTip);
      marker.addEventListener("click", () => { location.hash = `#/stories/${latest.story_id}`; });
      markers.appendChild(marker);
    }
    map.appendChild(markers);
    return el("div", {class: fit ? "map-wrap map-small" : "map-wrap"}, map);
  }

  async function mapView() {
    const events = await allEvents({});
    const placed = events.filter((e) => e.place_lat !== null && e.place_lon !== null &&
                                        e.place_lat !== undefined && e.place_lon !== undefined);
    const list = el("table", {class: "events"},
      el("thead", null, el("tr", null, ["place", "type", "status", "actors", "date", "mentions"]
        .map((h) => el("th", {scope: "col", text: h})))),
      el("tbody", null, placed.map((e) => el("tr", null,
        el("td", {text: placeText(e)}),
        el("td", null, link(`#/stories/${e.story_id}`, e.type)),
        el("td", null, statusBadge(e.status)),
        el("td", {text: listText(e.actors, who)}),
        el("td", {class: "nowrap", text: e.date || e.first_published || ""}),
        el("td", {class: "num", text: e.mentions})))));
    return [el("h1", {text: "Map"}),
            el("p", {class: "muted", text: `${placed.length} of ${events.length} events have a ` +
              "place with coordinates. Hover a marker to see its events; click it to open the story."}),
            statusLegend(), await worldMap(placed, false),
            placed.length ? list : message("No event has a place with coordinates yet.")];
  }

  // -- an article and its evidence ----------------------------------------------------
  function annotations(record) {
    const found = [];
    const sources = new Map();   // one highlight per source span, whatever cites it
    function addSource(source, what) {
      if (!source || !source.span) return;
      const key = source.span.join(":");
      if (!sources.has(key)) {
        const entry = Object.assign({}, source, {for: []});
        sources.set(key, entry);
        found.push({kind: "source", index: sources.size - 1, start: source.span[0],
                    end: source.span[1], record: entry});
      }
      sources.get(key).for.push(what);
    }
    record.events.forEach((event, i) => {
      for (const [start, end] of event.evidence || []) {
        found.push({kind: "event", index: i, start: start, end: end, record: event});
      }
      for (const source of event.sources || []) addSource(source, `event ${i + 1} (${event.type})`);
    });
    record.quotes.forEach((quote, i) => {
      found.push({kind: "quote", index: i, start: quote.span[0], end: quote.span[1], record: quote});
      addSource(quote.speaker, `quote ${i + 1}`);
    });
    return found;
  }

  function highlighted(text, found, eventIds) {
    // spans count code points (Python); split the text as code points, not UTF-16 units
    const chars = Array.from(text);
    const cuts = new Set([0, chars.length]);
    for (const a of found) {
      a.start = Math.max(0, Math.min(chars.length, a.start));
      a.end = Math.max(a.start, Math.min(chars.length, a.end));
      cuts.add(a.start); cuts.add(a.end);
    }
    const points = Array.from(cuts).sort((a, b) => a - b);
    const body = el("div", {class: "article-text", id: "article-text"});
    const segmentsOf = new Map(found.map((a) => [a, []]));
    for (let i = 0; i + 1 < points.length; i++) {
      const start = points[i], end = points[i + 1];
      let node = document.createTextNode(chars.slice(start, end).join(""));
      const over = found.filter((a) => a.start <= start && a.end >= end && a.end > a.start);
      if (!over.length) { body.appendChild(node); continue; }
      const pick = (kind) => over.filter((a) => a.kind === kind)
        .sort((a, b) => (a.end - a.start) - (b.end - b.start))[0];
      const source = pick("source"), quote = pick("quote"), event = pick("event");
      if (source) {
        node = el("span", {class: `hl hl-source s-c${source.index % PALETTE}`, "data-source": source.index}, node);
      }
      if (quote) {
        node = el("span", {class: `hl hl-quote q-c${quote.index % PALETTE}`, "data-quote": quote.index}, node);
      }
      if (event) {
        node = el("mark", {class: `hl hl-event ev-c${event.index % PALETTE}`, "data-event": event.index}, node);
      }
      node.relatoOver = over;
      for (const a of over) segmentsOf.get(a).push(node);
      body.appendChild(node);
    }
    body.addEventListener("mousemove", (e) => {
      const segment = e.target.closest ? e.target.closest(".article-text > .hl") : null;
      if (!segment || !segment.relatoOver) { hideTip(); return; }
      const order = {event: 0, quote: 1, source: 2};
      const cards = segment.relatoOver.slice().sort((a, b) => order[a.kind] - order[b.kind])
        .map((a) => a.kind === "event" ? eventCard(a.record, eventIds[a.index])
          : a.kind === "quote" ? quoteCard(a.record) : sourceCard(a.record));
      showTip(el("div", null, cards), e.pageX, e.pageY);
    });
    body.addEventListener("mouseleave", hideTip);
    return {body: body, segmentsOf: segmentsOf};
  }

  async function articleView(id) {
    const article = await api(`articles/${encodeURIComponent(id)}`);
    const record = article.record;
    const found = annotations(record);
    const {body, segmentsOf} = highlighted(record.text || "", found, article.event_ids || []);

    function focus(kind, index, on) {
      for (const a of found) {
        if (a.kind !== kind || a.index !== index) continue;
        for (const segment of segmentsOf.get(a)) segment.classList.toggle("focus", on);
      }
    }
    function keyItem(kind, index, swatch, content) {
      const item = el("li", {class: "key-item", tabindex: "0"}, el("span", {class: "swatch " + swatch}),
                      el("span", {class: "key-text"}, content));
      for (const [name, on] of [["mouseenter", true], ["mouseleave", false], ["focus", true], ["blur", false]]) {
        item.addEventListener(name, () => focus(kind, index, on));
      }
      return item;
    }
    const sourceEntries = found.filter((a) => a.kind === "source");
    const key = el("div", {class: "key"},
      el("div", null, el("h3", {text: `Events (${record.events.length})`}),
        el("ul", null, record.events.map((event, i) => keyItem("event", i, `ev ev-c${i % PALETTE}`, [
          el("b", {text: event.type}), " ", statusBadge(event.status), " ",
          el("span", {class: "muted", text: event.trigger || ""}),
          article.event_ids && article.event_ids[i] !== undefined && article.story_id !== null
            ? [" ", link(`#/stories/${article.story_id}`, `event #${article.event_ids[i]}`, "small")]
            : null])))),
      el("div", null, el("h3", {text: `Quotes (${record.quotes.length})`}),
        el("ul", null, record.quotes.map((quote, i) => keyItem("quote", i, `q q-c${i % PALETTE}`, [
          el("span", {text: quote.speaker ? sourceText(quote.speaker) : "speaker not told"}),
          " ", el("span", {class: "muted", text: quote.cue || ""})])))),
      el("div", null, el("h3", {text: `Sources (${sourceEntries.length})`}),
        el("ul", null, sourceEntries.map((a) => keyItem("source", a.index, `s s-c${a.index % PALETTE}`,
          el("span", {text: sourceText(a.record)}))))));

    const url = record.url ? safeUrl(record.url) : null;
    const meta = el("p", {class: "meta"},
      [article.outlet, article.published, article.lang].filter(Boolean).join(" · "),
      article.story_id !== null && article.story_id !== undefined
        ? [" · ", link(`#/stories/${article.story_id}`, `story ${article.story_id}`)] : null,
      url ? [" · ", el("a", {href: url, rel: "noopener noreferrer", target: "_blank", text: "original"})] : null);
    return [
      el("p", {class: "crumbs"}, link("#/stories", "Stories"), " / ", `article ${article.id}`),
      el("h1", {class: "article-title", id: "article-title", text: record.title || article.id}),
      meta,
      el("p", {class: "muted small", text: "Events are shaded, quotes underlined, sources " +
        "outlined, each in its own colour. Hover the text to see the records."}),
      el("div", {class: "article-layout"}, el("article", null, body), key),
      record.warnings && record.warnings.length
        ? el("p", {class: "muted small", text: "warnings: " + record.warnings.join("; ")}) : null,
    ];
  }

  window.addEventListener("hashchange", route);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape") hideTip(); });
  route();
})();
