// Choropleth maps (Maps/ChoroplethMap.razor): draws the boundaries served by Lodestar with Leaflet, no tiles; colours,
// tooltips and links come from the JSON the server rendered beside the map. Also sorts the tables marked "sortable".
(function () {
  if (window.lodestarChoropleth) { return; }
  window.lodestarChoropleth = true;

  function draw(el) {
    if (el.dataset.ready) { return; }
    el.dataset.ready = '1';
    var data = JSON.parse(document.getElementById(el.dataset.values).textContent);
    var byCode = {};
    data.values.forEach(function (v) { byCode[v.code] = v; });
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: false, scrollWheelZoom: false });
    fetch(el.dataset.boundaries, { credentials: 'same-origin' })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        if (!geo.features || geo.features.length === 0) { el.textContent = data.noShapes; el.dataset.loaded = '1'; return; }
        var style = function (f) {
          var v = byCode[f.properties.code];
          return { color: '#4d4d4d', weight: 0.7, fillOpacity: 0.85, fillColor: v ? v.colour : data.noData };
        };
        var layer = L.geoJSON(geo, {
          style: style,
          onEachFeature: function (f, l) {
            var v = byCode[f.properties.code];
            l.bindTooltip('<strong>' + esc(f.properties.name) + '</strong><br>' + esc(v ? v.display : data.noDataText), { sticky: true });
            l.on('mouseover', function () { l.setStyle({ weight: 2.5, color: '#111' }); l.bringToFront(); });
            l.on('mouseout', function () { layer.resetStyle(l); });
            if (v) { l.on('click', function () { window.location.href = v.link; }); }
          }
        });
        // The map needs a view before its layers render (and get their SVG paths).
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        layer.addTo(map);
        layer.eachLayer(function (l) {
          var e = l.getElement && l.getElement();
          if (e) {
            e.setAttribute('data-code', l.feature.properties.code);
            // A bare path may not carry aria-label; as an image it names the unit and its value.
            var v = byCode[l.feature.properties.code];
            e.setAttribute('role', 'img');
            e.setAttribute('aria-label', l.feature.properties.name + ': ' + (v ? v.display : data.noDataText));
          }
        });
        el.dataset.loaded = '1';
      })
      .catch(function () { el.textContent = el.getAttribute('aria-label') + ': không tải được ranh giới / boundaries could not be loaded'; });
  }

  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]; });
  }

  function sortable(table) {
    if (table.dataset.sortReady) { return; }
    table.dataset.sortReady = '1';
    var heads = table.querySelectorAll('thead th');
    heads.forEach(function (th, col) {
      var button = th.querySelector('button');
      if (!button) { return; }
      button.addEventListener('click', function () {
        var asc = th.getAttribute('aria-sort') !== 'ascending';
        heads.forEach(function (h) { h.setAttribute('aria-sort', 'none'); });
        th.setAttribute('aria-sort', asc ? 'ascending' : 'descending');
        var numeric = button.dataset.sort === 'number';
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = a.cells[col].dataset.value || '', y = b.cells[col].dataset.value || '';
          if (numeric) {
            if (x === '' || y === '') { return x === y ? 0 : (x === '' ? 1 : -1); }
            return asc ? x - y : y - x;
          }
          return asc ? x.localeCompare(y, 'vi') : y.localeCompare(x, 'vi');
        });
        rows.forEach(function (r) { body.appendChild(r); });
      });
    });
  }

  function init() {
    document.querySelectorAll('.choropleth').forEach(draw);
    document.querySelectorAll('table.sortable').forEach(sortable);
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
})();
