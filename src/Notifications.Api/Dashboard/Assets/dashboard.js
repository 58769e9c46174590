// The dashboard (docs/dashboard.md): reads the caller's statistics and status feed with the token pasted into the page.
// No inline code and no innerHTML: the page's Content-Security-Policy allows scripts from this service only, and every
// value from the API is inserted as text.
import { call, futureApi as api, tokenKey } from '/dashboard/api.js';
import { bucketLabel, destroyCharts, drawCharts, isFailure } from '/dashboard/charts.js';
import { metricCell, showMetric } from '/dashboard/metrics.js';

const feedSize = 20;
const dayMs = 24 * 60 * 60 * 1000;

const $ = (id) => document.getElementById(id);
const title = document.title;
let generation = 0;

function setDefaultWindow() {
  const today = new Date();
  $('to').value = today.toISOString().slice(0, 10);
  $('from').value = new Date(today.getTime() - 6 * dayMs).toISOString().slice(0, 10);
}

function say(element, text) {
  element.textContent = text ?? '';
  element.hidden = !text;
}

function element(tag, text, className) {
  const node = document.createElement(tag);
  if (text !== undefined && text !== null) {
    node.textContent = String(text);
  }
  if (className) {
    node.className = className;
  }
  return node;
}

function fillStatusTable(answer, statuses) {
  const body = $('statusTable').tBodies[0];
  body.replaceChildren(...statuses.map((s) => {
    const row = document.createElement('tr');
    row.append(element('th', s, isFailure(s) && answer.totals.emails[s] > 0 ? 'status-bad' : ''), metricCell(answer, 'totals.emails.' + s));
    row.firstChild.scope = 'row';
    return row;
  }));
}

function fillBucketTable(answer, statuses) {
  const present = statuses.filter((s) => answer.buckets.some((b) => b.emails[s] !== undefined));
  const head = document.createElement('tr');
  for (const title of ['Start (UTC)', 'Orders', ...present, 'Delivery rate', 'Send delay p50', 'Send delay p95']) {
    const th = element('th', title);
    th.scope = 'col';
    head.append(th);
  }
  $('bucketTable').tHead.replaceChildren(head);
  $('bucketTable').tBodies[0].replaceChildren(...answer.buckets.map((bucket, i) => {
    const row = document.createElement('tr');
    const start = element('th', bucketLabel(bucket.start, answer.groupBy));
    start.scope = 'row';
    row.append(start, metricCell(answer, `buckets.${i}.orders`));
    for (const s of present) {
      // A bucket lists only the statuses it has: an absent one is shown as no number, not as a 0 the answer lacks.
      row.append(bucket.emails[s] === undefined ? element('td', '–', 'none') : metricCell(answer, `buckets.${i}.emails.${s}`));
    }
    row.append(
      metricCell(answer, `buckets.${i}.deliveryRate`),
      metricCell(answer, `buckets.${i}.p50SendDelayMs`),
      metricCell(answer, `buckets.${i}.p95SendDelayMs`));
    return row;
  }));
}

function showStatistics(answer) {
  const statuses = Object.keys(answer.totals.emails);
  $('window').textContent = `From ${answer.from} to ${answer.to} (UTC, both included), per ${answer.groupBy}; `
    + 'the backlog and the scheduled orders are now, whatever the send time.';
  for (const node of document.querySelectorAll('.grouping')) {
    node.textContent = answer.groupBy;
  }
  // The figures the page has a place for: the organisation and the tiles (the tables are built below).
  for (const node of document.querySelectorAll('#organisation [data-metric], .tiles [data-metric]')) {
    showMetric(node, answer, node.dataset.metric);
  }
  $('organisation').hidden = false;
  document.title = `${title}: ${answer.creator}`;
  fillStatusTable(answer, statuses);
  fillBucketTable(answer, statuses);
  $('figures').hidden = false;
  drawCharts(answer, statuses);
}

function showFeed(entries) {
  say($('feedMessage'), entries.length === 0 ? 'No shipment has reached a final state yet.' : '');
  $('feedTable').tBodies[0].replaceChildren(...entries.map((entry) => {
    const row = document.createElement('tr');
    const link = element('a', entry.shipmentId);
    // A plain link cannot carry the token: the route is read by this script, which asks the API with it.
    link.href = '#shipment/' + encodeURIComponent(entry.shipmentId);
    link.dataset.shipmentId = entry.shipmentId;
    const cell = document.createElement('td');
    cell.append(link);
    row.append(
      element('td', entry.sequenceNumber), cell, element('td', entry.shipmentType), element('td', entry.status),
      element('td', entry.sendersReference ?? ''), element('td', entry.recipients.length), element('td', entry.lastUpdate));
    return row;
  }));
}

async function showShipment(id) {
  const section = $('shipment');
  section.hidden = false;
  $('shipmentId').textContent = id;
  for (const field of ['shipmentStatus', 'shipmentType', 'shipmentReference', 'shipmentUpdated']) {
    $(field).textContent = '';
  }
  $('recipientsTable').tBodies[0].replaceChildren();
  say($('shipmentMessage'), '');
  try {
    const shipment = await call(`${api}/shipment/${encodeURIComponent(id)}`);
    if (location.hash !== '#shipment/' + encodeURIComponent(id)) {
      return;
    }
    $('shipmentStatus').textContent = shipment.status;
    $('shipmentType').textContent = shipment.type;
    $('shipmentReference').textContent = shipment.sendersReference ?? '';
    $('shipmentUpdated').textContent = shipment.lastUpdate;
    $('recipientsTable').tBodies[0].replaceChildren(...shipment.recipients.map((r) => {
      const row = document.createElement('tr');
      row.append(element('td', r.destination || '(no address)'), element('td', r.status, r.status.startsWith('Email_Failed') ? 'status-bad' : ''), element('td', r.lastUpdate));
      return row;
    }));
    section.dataset.shown = shipment.shipmentId;
  } catch (error) {
    say($('shipmentMessage'), error.message);
  }
  section.scrollIntoView({ block: 'nearest' });
}

function routedShipment() {
  const match = /^#shipment\/([^/]+)$/.exec(location.hash);
  return match ? decodeURIComponent(match[1]) : null;
}

async function show() {
  const mine = ++generation;
  document.body.dataset.state = 'loading';
  say($('message'), '');
  const query = new URLSearchParams();
  for (const name of ['from', 'to', 'groupBy']) {
    if ($(name).value) {
      query.set(name, $(name).value);
    }
  }
  try {
    const [statistics, feed] = await Promise.all([
      call(`${api}/statistics?${query}`),
      call(`${api}/shipment/feed?orderBy=desc&pageSize=${feedSize}`),
    ]);
    if (mine !== generation) {
      return;
    }
    showStatistics(statistics);
    showFeed(feed);
    document.body.dataset.state = 'shown';
  } catch (error) {
    if (mine !== generation) {
      return;
    }
    say($('message'), error.message);
    document.body.dataset.state = 'error';
    return;
  }
  const id = routedShipment();
  if (id) {
    await showShipment(id);
  }
}

function forget() {
  generation++;
  sessionStorage.removeItem(tokenKey);
  $('token').value = '';
  destroyCharts();
  $('figures').hidden = true;
  $('organisation').hidden = true;
  document.title = title;
  say($('message'), '');
  document.body.dataset.state = 'empty';
  if (location.hash) {
    history.replaceState(null, '', location.pathname);
  }
}

$('query').addEventListener('submit', (event) => {
  event.preventDefault();
  const token = $('token').value.trim().replace(/^Bearer\s+/i, '');
  if (!token) {
    say($('message'), 'Paste a token into the Token field first (./run.sh token prints one).');
    document.body.dataset.state = 'error';
    return;
  }
  sessionStorage.setItem(tokenKey, token);
  show();
});
$('forget').addEventListener('click', forget);
window.addEventListener('hashchange', () => {
  const id = routedShipment();
  if (id && sessionStorage.getItem(tokenKey)) {
    showShipment(id);
  } else if (!id) {
    $('shipment').hidden = true;
  }
});

setDefaultWindow();
if (typeof Chart === 'undefined') {
  say($('message'), 'The chart library (/dashboard/chart.umd.min.js) did not load.');
} else if (sessionStorage.getItem(tokenKey)) {
  $('token').value = sessionStorage.getItem(tokenKey);
  show();
} else if (routedShipment()) {
  say($('message'), 'Paste a token and press Show to see this shipment.');
}

