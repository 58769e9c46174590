// The charts, drawn with Chart.js (the global the UMD build defines, loaded before this module).

const colours = {
  New: '#a7b0c0', Sending: '#6f7d99', Succeeded: '#2e9d5b', Delivered: '#17683a',
};
const failureColours = ['#b3261e', '#e0662b', '#d99a1e', '#8e3b8a', '#c2185b', '#7b4a2d', '#e57373', '#ff8f00', '#5d4037'];

const $ = (id) => document.getElementById(id);
const charts = [];

export const isFailure = (status) => status.startsWith('Failed');

function colourOf(status, index) {
  return colours[status] ?? failureColours[index % failureColours.length];
}

export function bucketLabel(start, groupBy) {
  return groupBy === 'hour' ? start.slice(0, 13).replace('T', ' ') + ':00' : start.slice(0, 10);
}

function chart(canvasId, config) {
  const base = { animation: false, responsive: true, maintainAspectRatio: false };
  charts.push(new Chart($(canvasId), { ...config, options: { ...base, ...config.options } }));
}

export function destroyCharts() {
  while (charts.length > 0) {
    charts.pop().destroy();
  }
}

export function drawCharts(answer, statuses) {
  destroyCharts();
  const labels = answer.buckets.map((b) => bucketLabel(b.start, answer.groupBy));
  const present = statuses.filter((s) => answer.buckets.some((b) => (b.emails[s] ?? 0) > 0));
  chart('emailsChart', {
    type: 'bar',
    data: {
      labels,
      datasets: present.map((s) => ({
        label: s,
        data: answer.buckets.map((b) => b.emails[s] ?? 0),
        backgroundColor: colourOf(s, statuses.filter(isFailure).indexOf(s)),
        stack: 'emails',
      })),
    },
    options: { scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } } },
  });
  chart('rateChart', {
    type: 'line',
    data: {
      labels,
      datasets: [{
        label: 'Delivery rate (%)',
        data: answer.buckets.map((b) => (b.deliveryRate === null ? null : b.deliveryRate * 100)),
        borderColor: colours.Succeeded, backgroundColor: colours.Succeeded, pointRadius: 3,
      }],
    },
    options: { scales: { y: { min: 0, max: 100 } } },
  });
  chart('delayChart', {
    type: 'line',
    data: {
      labels,
      datasets: [
        { label: 'p50 (ms)', data: answer.buckets.map((b) => b.p50SendDelayMs), borderColor: '#1f5fbf', backgroundColor: '#1f5fbf', pointRadius: 3 },
        { label: 'p95 (ms)', data: answer.buckets.map((b) => b.p95SendDelayMs), borderColor: '#e0662b', backgroundColor: '#e0662b', pointRadius: 3 },
      ],
    },
    options: { scales: { y: { beginAtZero: true } } },
  });
  const failures = statuses.filter((s) => isFailure(s) && answer.totals.emails[s] > 0);
  $('failuresChart').hidden = failures.length === 0;
  $('noFailures').hidden = failures.length > 0;
  chart('failuresChart', {
    type: 'bar',
    data: {
      // The reason without its prefix: the full names are too long for an axis (the status table has them).
      labels: failures.map((s) => s.replace(/^Failed_?/, '') || 'Failed'),
      datasets: [{
        label: 'Failed emails',
        data: failures.map((s) => answer.totals.emails[s]),
        backgroundColor: failures.map((s) => colourOf(s, statuses.filter(isFailure).indexOf(s))),
      }],
    },
    options: { indexAxis: 'y', plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } },
  });
}
