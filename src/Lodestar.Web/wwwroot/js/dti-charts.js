// Draws the DTI unit page's charts from the JSON the page embeds: a radar of the main indexes (% of maximum)
// against the peer median, and bars of each main index's contribution to the change of total.
// Without JavaScript the page still shows the same numbers in its tables.
(function () {
  var source = document.getElementById('dti-chart-data');
  if (!source || !window.Chart) { return; }
  var d = JSON.parse(source.textContent);
  var number = new Intl.NumberFormat(d.locale, { maximumFractionDigits: 2 });
  var radar = document.getElementById('dti-radar');
  if (radar) {
    new Chart(radar, {
      type: 'radar',
      data: {
        labels: d.labels,
        datasets: [
          { label: d.names.unit, data: d.unit, borderColor: '#0b5cad', backgroundColor: 'rgba(11,92,173,0.15)' },
          { label: d.names.median, data: d.median, borderColor: '#8a94a3', borderDash: [4, 3], backgroundColor: 'rgba(138,148,163,0.08)' }
        ]
      },
      options: { animation: false, maintainAspectRatio: false, scales: { r: { min: 0, max: 100 } } }
    });
  }
  var bars = document.getElementById('dti-bars');
  if (bars && d.contributions) {
    new Chart(bars, {
      type: 'bar',
      data: {
        labels: d.contributions.map(function (c) { return c.label; }),
        datasets: [{
          label: d.names.change,
          data: d.contributions.map(function (c) { return c.value; }),
          backgroundColor: d.contributions.map(function (c) { return c.value >= 0 ? '#1a7f37' : '#b42318'; })
        }]
      },
      options: {
        animation: false, maintainAspectRatio: false, indexAxis: 'y',
        plugins: { tooltip: { callbacks: { label: function (c) { return number.format(c.parsed.x); } } } }
      }
    });
  }
})();
