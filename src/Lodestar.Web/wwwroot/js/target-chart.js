// Draws a target's chart from the JSON the page embeds: actual values, the expected path, the forecast with
// its band, and the milestones. Without JavaScript the page still shows the numbers in its tables.
(function () {
  var source = document.getElementById('target-chart-data');
  var canvas = document.getElementById('target-chart');
  if (!source || !canvas || !window.Chart) { return; }
  var d = JSON.parse(source.textContent);
  var number = new Intl.NumberFormat(d.locale, { maximumFractionDigits: 1 });
  var suffix = d.unit === '%' ? '%' : (d.unit ? ' ' + d.unit : '');
  new Chart(canvas, {
    type: 'line',
    data: {
      labels: d.years,
      datasets: [
        { label: d.labels.band, data: d.high, borderWidth: 0, pointRadius: 0, backgroundColor: 'rgba(11,92,173,0.12)', fill: '+1', spanGaps: true },
        { label: d.labels.band + ' ', data: d.low, borderWidth: 0, pointRadius: 0, fill: false, spanGaps: true },
        { label: d.labels.forecast, data: d.forecast, borderColor: '#0b5cad', borderDash: [6, 4], pointRadius: 2, fill: false, spanGaps: true },
        { label: d.labels.path, data: d.path, borderColor: '#8a94a3', borderDash: [2, 3], pointRadius: 0, fill: false },
        { label: d.labels.actual, data: d.actual, borderColor: '#1b2430', backgroundColor: '#1b2430', pointRadius: 4, fill: false,
          pointBackgroundColor: d.derived.map(function (x) { return x ? '#ffffff' : '#1b2430'; }) },
        { label: d.labels.milestone, data: d.milestones, borderColor: '#b42318', backgroundColor: '#b42318', pointStyle: 'rectRot', pointRadius: 8, showLine: false }
      ]
    },
    options: {
      animation: false,
      maintainAspectRatio: false,
      interaction: { mode: 'index', intersect: false },
      plugins: {
        legend: { labels: { filter: function (item) { return !item.text.endsWith(' '); } } },
        tooltip: { callbacks: { label: function (c) { return c.parsed.y == null ? null : c.dataset.label + ': ' + number.format(c.parsed.y) + suffix; } } }
      },
      scales: { y: { ticks: { callback: function (v) { return number.format(v) + suffix; } } } }
    }
  });
})();
