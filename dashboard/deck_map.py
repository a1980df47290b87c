"""The commune map in the browser: pydeck's own JSON drawn by deck.gl, reporting clicks and the view.

st.pydeck_chart reports clicks but never the view, so a free pan or zoom could not be kept in
a link. This component takes the same spec st.pydeck_chart would send (`deck.to_json()`, its
tooltip beside it) and renders it with deck.gl's JSONConverter, as Streamlit's own deck.gl
element does, so layers, colours, accessors ("@@=properties.fill"), autoHighlight, tooltips and
the view computed in Python carry over unchanged. It sends back:

- `view`: [longitude, latitude, zoom] once a pan or zoom has ended (debounced, rounded: one
  rerun per gesture, none per animation frame);
- `clicked`: the commune code of a click or tap on the commune fills (the only pickable layer,
  see maps.commune_deck on why): the browser's click, picked then, so that a slow picking pass in
  software WebGL under load never loses it (deck.gl's own click gives up after 250 ms).

deck.gl 9.4 and @deck.gl/json 9.4 (MIT, static/deckgl/LICENSE) are vendored in static/deckgl
and served by the app itself (`server.enableStaticServing`): no CDN, nothing from the internet.
A base map (raster tiles, only where settings.yaml `basemap_tiles` is configured and the user
switches it on: they need the internet) is drawn under the communes by deck.gl's TileLayer, with
its attribution in the corner; the view and clicks are reported as without it.
"""
from __future__ import annotations

import json

import streamlit as st

DECK_JS = "./app/static/deckgl/deck.gl-9.4.0.min.js"
JSON_JS = "./app/static/deckgl/deck.gl-json-9.4.0.min.js"
WIDGETS_CSS = "./app/static/deckgl/deck.gl-widgets-9.4.0.css"  # the zoom buttons' look (@deck.gl/widgets)
VIEW_DEBOUNCE_MS = 400  # after the last frame of a pan or zoom (a wheel turn comes in bursts)

_JS = """
function loadScript(src) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = src;
    script.onload = resolve;
    script.onerror = () => reject(new Error("cannot load " + src));
    document.head.appendChild(script);
  });
}

// A page may also hold Streamlit's own deck.gl (st.pydeck_chart, another luma.gl version; no page of
// ours draws one now, but a browser tab keeps what it loaded), before or after ours: each refuses
// to start when it finds another version's globalThis.deck or
// globalThis.luma ("multiple versions detected"). So ours loads with both globals put aside and
// then puts them back as they were. deck.gl's core and its JSON module are UMD bundles that both
// claim window.deck: the JSON module takes the core from it while it loads.
const SHARED_GLOBALS = ["deck", "luma"];

function setAside() {
  const saved = {};
  for (const name of SHARED_GLOBALS) {
    saved[name] = {present: name in globalThis, value: globalThis[name]};
    delete globalThis[name];
  }
  return saved;
}

function putBack(saved) {
  for (const name of SHARED_GLOBALS) {
    if (saved[name].present) globalThis[name] = saved[name].value;
    else delete globalThis[name];
  }
}

function loadDeck(urls) {
  if (!window.__communeDeck) {
    const style = document.createElement("link");
    style.rel = "stylesheet";
    style.href = urls.css;
    document.head.appendChild(style);
    window.__communeDeck = (async () => {
      const saved = setAside();
      let core, json;
      try {
        await loadScript(urls.deck);
        core = window.deck;
        await loadScript(urls.json);
        json = window.deck;
      } finally {
        putBack(saved);
      }
      const classes = {};
      for (const [name, value] of Object.entries(core)) {
        if (typeof value === "function" && /(Layer|View)$/.test(name)) classes[name] = value;
      }
      const converter = new json.JSONConverter({configuration: new json.JSONConfiguration({classes})});
      return {core, converter};
    })();
  }
  return window.__communeDeck;
}

const escapeHtml = (text) => String(text).replace(/[&<>"']/g, (c) =>
  ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;"})[c]);

// The tooltip as Streamlit draws pydeck's {html, style}: {name} slots filled from the
// object's properties, every value HTML-escaped (names come from files).
function tooltipOf(tooltip) {
  if (!tooltip || !tooltip.html) return null;
  return ({object}) => {
    if (!object) return null;
    const props = object.properties || object;
    const html = tooltip.html.replace(/\\{([^{}]+)\\}/g, (slot, key) =>
      props[key] === undefined || props[key] === null ? "" : escapeHtml(props[key]));
    return {html, style: tooltip.style || {}};
  };
}

const rounded = (view) => view && ({longitude: +view.longitude.toFixed(5), latitude: +view.latitude.toFixed(5),
                                     zoom: +view.zoom.toFixed(2)});
const sameView = (a, b) => a && b && a.longitude === b.longitude && a.latitude === b.latitude && a.zoom === b.zoom;

// A click (or tap) on a commune is the browser's own click on the map's canvas, not deck.gl's:
// deck.gl (mjolnir.js) counts a press as a click only if it ends within 250 ms as its handlers see
// it, and in software WebGL under load its own picking pass on the press took longer, so clicks
// were lost. The browser times the press itself; we then pick what is under the pointer, however
// long that takes. A press that moved (a drag) is no click; the + / − buttons are not the canvas.
const CLICK_SLOP_PX = 6;

function listenForClicks(box, state) {
  if (box.dataset.clicks) return;  // once per map box, however often its deck is made anew
  box.dataset.clicks = "1";
  box.addEventListener("pointerdown", (event) => { state.down = {x: event.clientX, y: event.clientY}; });
  box.addEventListener("click", (event) => {
    const down = state.down;
    state.down = null;
    if (!state.deck || event.target.tagName !== "CANVAS" || !down
        || Math.hypot(event.clientX - down.x, event.clientY - down.y) > CLICK_SLOP_PX) return;
    const rect = event.target.getBoundingClientRect();
    const picked = state.deck.pickObject({x: event.clientX - rect.left, y: event.clientY - rect.top, radius: 2,
                                          layerIds: [state.send.clickable]});
    if (picked && picked.object && picked.object.properties) {
      state.send.setTriggerValue("clicked", picked.object.properties.code);
    }
  });
}

// Raster tiles under the communes (BitmapLayer per tile); the communes a little see-through over them.
function withBasemap(core, layers, basemap) {
  if (!basemap) return layers;
  const tiles = new core.TileLayer({
    id: "basemap", data: basemap.tiles, minZoom: 0, maxZoom: 19, tileSize: 256,
    renderSubLayers: (props) => {
      const [[west, south], [east, north]] = props.tile.boundingBox;
      return new core.BitmapLayer(props, {data: null, image: props.data, bounds: [west, south, east, north]});
    },
  });
  return [tiles, ...layers.map((layer) => (layer.id === "communes" ? layer.clone({opacity: 0.75}) : layer))];
}

function showAttribution(box, basemap) {
  let note = box.querySelector(".commune-deck-attribution");
  if (!basemap || !basemap.attribution) {
    if (note) note.remove();
    return;
  }
  if (!note) {
    note = document.createElement("div");
    note.className = "commune-deck-attribution";
    Object.assign(note.style, {position: "absolute", right: "0", bottom: "0", zIndex: 2, padding: "1px 4px",
                               font: "11px sans-serif", background: "rgba(255,255,255,0.8)", color: "#333"});
    box.appendChild(note);
  }
  note.textContent = basemap.attribution;  // text, never HTML (it comes from settings)
}

export default function (component) {
  const {data, parentElement, setStateValue, setTriggerValue} = component;
  let box = parentElement.querySelector(".commune-deck-map");
  if (!box) {
    box = document.createElement("div");
    box.className = "commune-deck-map";
    box.style.position = "relative";
    box.style.width = "100%";
    box.setAttribute("data-testid", "communeDeckMap");
    parentElement.appendChild(box);
  }
  box.style.height = data.height + "px";
  loadDeck(data.assets).then(({core, converter}) => {
    const state = box.__map || (box.__map = {});
    // the deck outlives this call: its handlers use the setters of the latest render
    state.send = {setStateValue, setTriggerValue, clickable: data.clickable_layer};
    const basemapText = JSON.stringify(data.basemap || null);
    if (state.specText !== data.spec || state.basemapText !== basemapText) {
      state.specText = data.spec;
      state.basemapText = basemapText;
      state.props = converter.convert(JSON.parse(data.spec));
      state.props.layers = withBasemap(core, state.props.layers, data.basemap);
    }
    showAttribution(box, data.basemap);
    const wanted = state.props.initialViewState;
    const props = {layers: state.props.layers, views: state.props.views, getTooltip: tooltipOf(data.tooltip)};
    // A view Python computed anew (another province, the named views, a link) moves the map; a
    // view this map itself reported, coming back rounded (or late, after a newer pan), does not.
    const reported = state.reported || [];
    if (!sameView(wanted, state.lastWanted) && !reported.some((view) => sameView(view, wanted))) {
      props.initialViewState = {...wanted};
    }
    state.lastWanted = wanted;
    if (props.initialViewState) box.dataset.view = JSON.stringify(Object.values(rounded(wanted)));
    if (!state.deck) {
      let timer = null;
      state.deck = new core.Deck({
        parent: box, ...props, initialViewState: {...wanted},
        // + and − buttons, as Streamlit's own map has (a phone, a touchpad without pinch)
        widgets: [new core.ZoomWidget({placement: "top-right", zoomInLabel: data.labels.zoom_in,
                                       zoomOutLabel: data.labels.zoom_out}),
                  new core.FullscreenWidget({placement: "top-right", enterLabel: data.labels.fullscreen,
                                             exitLabel: data.labels.fullscreen_exit})],
        onViewStateChange: ({viewState}) => {
          clearTimeout(timer);
          timer = setTimeout(() => {
            const view = rounded(viewState);
            state.reported = state.reported || [];
            // deck.gl also calls this when it settles the view it was given: that is no user's view
            if (sameView(view, rounded(state.lastWanted))) return;
            if (sameView(view, state.reported[state.reported.length - 1])) return;
            state.reported = [...state.reported.slice(-19), view];
            box.dataset.view = JSON.stringify([view.longitude, view.latitude, view.zoom]);
            state.send.setStateValue("view", [view.longitude, view.latitude, view.zoom]);
          }, data.debounce_ms);
          return viewState;
        },
      });
      listenForClicks(box, state);
      window.__communeDeckMaps = window.__communeDeckMaps || {};
      window.__communeDeckMaps[data.name] = state.deck;
    } else {
      state.deck.setProps(props);
    }
    box.dataset.ready = "1";
  }).catch((error) => {
    box.textContent = data.failed;
    console.error(error);
  });
  // Streamlit calls this when the element goes (another page); it may also call it for a render
  // overtaken by a newer one, so the deck (its WebGL context, its animation loop) is only
  // finalized once the map has really left the page.
  return () => setTimeout(() => {
    const state = box.__map;
    if (!box.isConnected && state && state.deck) {
      state.deck.finalize();
      state.deck = null;
    }
  }, 1000);
}
"""

_component = st.components.v2.component("commune_dashboard.deck_map", js=_JS, isolate_styles=False)


def spec_of(deck) -> tuple[str, dict | None]:
    """The JSON st.pydeck_chart would send for `deck`, and its tooltip ({html, style}) beside it."""
    tooltip = getattr(deck, "_tooltip", None)
    return deck.to_json(), tooltip if isinstance(tooltip, dict) else None


def deck_map(deck, *, key: str, height: int, failed_text: str, labels: dict[str, str], on_click,
             on_view, clickable_layer: str = "communes", basemap=None) -> None:
    """Draw `deck` (a pydeck Deck) `height` px high, with + / − and full-screen buttons (`labels`:
    zoom_in, zoom_out, fullscreen, fullscreen_exit, in the reader's language). `on_click` and
    `on_view` are callbacks run before the rerun that follows a click on a commune or the end of a
    pan or zoom; they read the values with `clicked(key)` and `reported_view(key)`. `basemap` (a
    core.catalog.Basemap) draws its tiles under the communes."""
    spec, tooltip = spec_of(deck)
    _component(key=key, height=height, data={
        "spec": spec, "tooltip": tooltip, "height": height, "name": key, "clickable_layer": clickable_layer,
        "basemap": {"tiles": list(basemap.tiles), "attribution": basemap.attribution} if basemap else None,
        "debounce_ms": VIEW_DEBOUNCE_MS, "failed": failed_text,
        "assets": {"deck": DECK_JS, "json": JSON_JS, "css": WIDGETS_CSS},
        "labels": labels},
        default={"view": None}, on_view_change=on_view, on_clicked_change=on_click)


def _value(key: str, name: str):
    widget = st.session_state.get(key)
    if widget is None:
        return None
    try:
        return widget[name]
    except (KeyError, TypeError, AttributeError):
        return getattr(widget, name, None)


def clicked(key: str):
    """The commune code the map `key` reported as clicked in this rerun (None if none)."""
    return _value(key, "clicked")


def reported_view(key: str) -> list | None:
    """The [longitude, latitude, zoom] the map `key` last reported (None before any pan or zoom)."""
    return _value(key, "view")


def spec_json(data_json: str) -> dict:
    """A map's deck spec from its component's arguments (what tests read, as they read pydeck's)."""
    return json.loads(json.loads(data_json)["spec"])


__all__ = ["clicked", "deck_map", "reported_view", "spec_json", "spec_of"]
