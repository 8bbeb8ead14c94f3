// The operator page's charts: numbers come from the server in <script type="application/json" id="chart-data">;
// Chart.js (vendored, served by the silo) draws them. No inline script, so the page's CSP can forbid it.
(function () {
  const data = JSON.parse(document.getElementById('chart-data').textContent);
  const money = v => Number(v).toFixed(2);
  let drawn = 0;
  const pnl = document.getElementById('chart-pnl');
  if (pnl && window.Chart) {
    new Chart(pnl, {
      type: 'bar',
      data: {
        labels: data.pnl.labels,
        datasets: [
          { label: 'Revenue $', data: data.pnl.revenue, backgroundColor: '#2e7d32' },
          { label: 'Model cost $', data: data.pnl.cost, backgroundColor: '#c62828' },
          { label: 'Cost of free credits $', data: data.pnl.free, backgroundColor: '#f9a825' },
        ],
      },
      options: { animation: false, responsive: false, plugins: { tooltip: { callbacks: { label: c => `${c.dataset.label} ${money(c.raw)}` } } } },
    });
    drawn++;
  }

  const models = document.getElementById('chart-models');
  if (models && window.Chart) {
    new Chart(models, {
      type: 'doughnut',
      data: { labels: data.models.labels, datasets: [{ label: 'Cost $', data: data.models.cost }] },
      options: { animation: false, responsive: false },
    });
    drawn++;
  }

  document.body.dataset.chartsDrawn = String(drawn);
})();
