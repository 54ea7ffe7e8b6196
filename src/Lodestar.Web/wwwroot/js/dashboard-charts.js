// Draws the dashboard's two charts from the JSON the page embeds: targets by pillar as stacked bars by status, and
// the DTI rank by year (1 at the top). The tables beside them hold the same figures, so nothing is lost without
// JavaScript or when printing.
(function () {
  var source = document.getElementById('dash-chart-data');
  if (!source || !window.Chart) { return; }
  var d = JSON.parse(source.textContent);
  var colours = { 'achieved': '#1a9641', 'on-track': '#4a90d9', 'at-risk': '#e6a700', 'off-track': '#c0392b', 'no-data': '#b0b7c0' };
  var pillars = document.getElementById('dash-pillars');
  if (pillars && d.pillars.length > 0) {
    new Chart(pillars, {
      type: 'bar',
      data: {
        labels: d.pillars.map(function (p) { return p.label; }),
        datasets: d.statuses.map(function (s, i) {
          return { label: s.label, backgroundColor: colours[s.key], data: d.pillars.map(function (p) { return p.counts[i]; }) };
        })
      },
      options: {
        animation: false, maintainAspectRatio: false, indexAxis: 'y',
        scales: { x: { stacked: true, ticks: { precision: 0 }, title: { display: true, text: d.names.targets } }, y: { stacked: true, ticks: { autoSkip: false } } },
        plugins: { legend: { position: 'bottom' } }
      }
    });
  }
  var trend = document.getElementById('dash-dti-trend');
  if (trend && d.dti.length > 0) {
    new Chart(trend, {
      type: 'line',
      data: {
        labels: d.dti.map(function (y) { return y.year; }),
        datasets: [{ label: d.names.rank, data: d.dti.map(function (y) { return y.rank; }), borderColor: '#0b5cad', backgroundColor: '#0b5cad', tension: 0 }]
      },
      options: {
        animation: false, maintainAspectRatio: false,
        scales: { y: { reverse: true, ticks: { precision: 0 }, suggestedMin: 1 } },
        plugins: { legend: { display: false }, title: { display: true, text: d.names.rank } }
      }
    });
  }
})();
