// How a value of the statistics answer is shown: formatted text, the exact value in data-value, the path in data-metric
// (docs/dashboard.md), so a test or a script can read every figure back.

/** The value at a dotted path of the statistics answer ("totals.emails.Succeeded", "buckets.3.orders"). */
function valueAt(answer, path) {
  return path.split('.').reduce((node, key) => (node === null || node === undefined ? undefined : node[key]), answer);
}

/** "2026-12-08T07:30:00.123Z" as "2026-12-08 07:30 UTC". */
export function utcMinute(instant) {
  return instant.slice(0, 16).replace('T', ' ') + ' UTC';
}

function format(path, value) {
  if (value === null || value === undefined) {
    return '–';
  }
  if (path === 'creator') {
    return String(value);
  }
  if (path.endsWith('nextSendTime')) {
    return utcMinute(value);
  }
  if (path.endsWith('deliveryRate')) {
    return (value * 100).toFixed(1) + ' %';
  }
  if (path.endsWith('SendDelayMs')) {
    return value.toLocaleString('en-US') + ' ms';
  }
  return value.toLocaleString('en-US');
}

/** Shows a figure: its text formatted, its exact value in data-value, its path in data-metric. */
export function showMetric(node, answer, path) {
  const value = valueAt(answer, path);
  node.dataset.metric = path;
  node.dataset.value = value === null || value === undefined ? 'null' : String(value);
  node.textContent = format(path, value);
  return node;
}

export function metricCell(answer, path) {
  return showMetric(document.createElement('td'), answer, path);
}
