/* The dashboard's Leaflet choropleth (components/leaflet_map.py).

   The polygons are fetched once per level from a static GeoJSON file (content-hashed name, cached by the browser)
   and kept as Leaflet layers for the life of the map; each change of indicator, year or level only hands show() the
   colours and hover texts, which restyle the kept layers. Every drawn shape carries data-code (its area code) and
   data-kind ("area", or "dot" for the marker that keeps a tiny municipality visible), for tests and the benchmark.
*/
(function () {
  "use strict";
  var state = { map: null, urls: {}, groups: {}, loading: {}, shown: null, latest: 0 };
  var PLAIN = { color: "#ffffff", weight: 0.4, opacity: 1, fillOpacity: 0.9 };
  var PEER = { color: "#212121", weight: 2 };
  var CHOSEN = { color: "#d62728", weight: 3 };

  function tipElement(lines) {
    var box = document.createElement("div");
    lines.forEach(function (line, index) {
      var row = document.createElement(index === 0 ? "strong" : "div");
      row.textContent = line;  // data, never markup
      box.appendChild(row);
    });
    return box;
  }

  function tagged(layer, code, kind) {
    var element = layer.getElement && layer.getElement();
    if (element) {
      element.setAttribute("data-code", code);
      element.setAttribute("data-kind", kind);
    }
  }

  function build(level) {
    if (!state.loading[level]) {
      state.loading[level] = fetch(state.urls[level], { cache: "force-cache" })
        .then(function (response) {
          if (!response.ok) { throw new Error("geometry " + response.status); }
          return response.json();
        })
        .then(function (geometry) {
          var group = { areas: {}, dots: {}, tips: {}, layer: L.layerGroup() };
          L.geoJSON(geometry.areas, {
            style: function () { return PLAIN; },
            onEachFeature: function (feature, layer) {
              group.areas[feature.id] = layer;
              layer.on("add", function () { tagged(layer, feature.id, "area"); });
              layer.bindTooltip(function () { return tipElement(group.tips[feature.id] || [feature.id]); },
                                { sticky: true });
              group.layer.addLayer(layer);
            },
          });
          Object.keys(geometry.dots).forEach(function (code) {
            var point = geometry.dots[code];
            var dot = L.circleMarker([point[1], point[0]], { radius: 4, color: "#ffffff", weight: 1,
                                                            fillOpacity: 1 });
            dot.on("add", function () { tagged(dot, code, "dot"); });
            dot.bindTooltip(function () { return tipElement(group.tips[code] || [code]); });
            group.dots[code] = dot;
            group.layer.addLayer(dot);
          });
          state.groups[level] = group;
          return group;
        })
        .catch(function (error) {
          delete state.loading[level];  // a failed download is tried again at the next change, not kept
          throw error;
        });
    }
    return state.loading[level];
  }

  function restyle(group, payload) {
    var outlined = new Set(payload.outlined || []);
    group.tips = payload.tips;
    Object.keys(group.areas).forEach(function (code) {
      var layer = group.areas[code];
      var edge = code === payload.highlight ? CHOSEN : outlined.has(code) ? PEER : PLAIN;
      layer.setStyle({ fillColor: payload.colours[code] || payload.no_data, color: edge.color, weight: edge.weight });
      if (edge !== PLAIN) layer.bringToFront();
    });
    Object.keys(group.dots).forEach(function (code) {
      var dot = group.dots[code];
      dot.setStyle({ fillColor: payload.colours[code] || payload.no_data,
                     color: code === payload.highlight ? CHOSEN.color : "#ffffff" });
      dot.bringToFront();
    });
  }

  window.sdgChoropleth = {
    init: function (map, urls, bounds) {
      state.map = map;
      state.urls = urls;
      // Leaflet focuses the map on mousedown (for its arrow keys). Focus scrolls the dashboard page when the map is
      // partly out of view, between mousedown and click, and the click would land on another area: never scroll.
      var container = map.getContainer(), focus = container.focus;
      container.focus = function () { focus.call(container, { preventScroll: true }); };
      map.getContainer().style.background = "#ffffff";  // plain, unless a tile service is configured
      map.attributionControl.setPrefix(false);
      map.fitBounds(bounds);
    },
    show: function (payload) {
      var ticket = ++state.latest;  // a newer show() wins over an older one still waiting for its geometry
      build(payload.level).then(function (group) {
        if (ticket !== state.latest) return;
        Object.keys(state.groups).forEach(function (level) {
          if (level !== payload.level) state.map.removeLayer(state.groups[level].layer);
        });
        if (!state.map.hasLayer(group.layer)) state.map.addLayer(group.layer);
        restyle(group, payload);
        // Drawn: the frame with the new colours has been painted (a task queued from its animation frame runs
        // after the paint). data-map-drawn-at (Date.now()) lets the benchmark time a change to the drawn map.
        requestAnimationFrame(function () {
          setTimeout(function () {
            document.body.setAttribute("data-map-drawn-at", String(Date.now()));
            document.body.setAttribute("data-map-drawn", payload.stamp);
          }, 0);
        });
      });
    },
  };
})();
