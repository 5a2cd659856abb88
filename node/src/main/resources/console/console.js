// procshare console: one EventSource to the node that served this page; no reloads.
'use strict';
const PALETTE = ['#1c7ed6', '#d9480f', '#2b8a3e', '#ae3ec9', '#f08c00', '#0c8599', '#c2255c', '#5c940d'];
const HISTORY = 120;
const MAX_CELLS = 4096;
let source = null;
let selected = null;
let nodeColours = {};
let history = [];            // [{t, faults, calls}] of the selected process
let lastSample = null;       // {t, faults, calls} totals of the selected process

const $ = (id) => document.getElementById(id);
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]));
const mib = (b) => b == null ? '–' : (b / 1048576).toFixed(0) + ' MiB';
// a table body is rewritten only when its rows changed, so that a click is not lost under a redraw
function setRows(id, html) {
  const body = $(id).tBodies[0];
  if (body.dataset.html !== html) { body.innerHTML = html; body.dataset.html = html; }
}
const hex = (page) => '0x' + (BigInt(page) * 4096n).toString(16);

function human(ms) {
  const s = Math.floor(ms / 1000);
  if (s < 60) return s + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + (s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

// the node names a guest thread guest-PID-GTID (thread-start-PID-GTID while it starts)
function threadName(t) {
  const m = /^(?:guest|thread-start)-\d+-(\d+)@(.*)$/.exec(t);
  return m ? `gtid ${m[1]} on ${m[2]}` : t;
}

function connect() {
  if (source) source.close();
  source = new EventSource('events' + (selected ? '?pid=' + selected : ''));
  source.onopen = () => { $('conn').textContent = 'live'; $('conn').className = 'conn live'; };
  source.onerror = () => { $('conn').textContent = 'reconnecting…'; $('conn').className = 'conn'; };
  source.addEventListener('cluster', (e) => onCluster(JSON.parse(e.data)));
  source.addEventListener('pages', (e) => onPages(JSON.parse(e.data)));
}

function onCluster(c) {
  if (c.error) { $('asked').textContent = 'status: ' + c.error; return; }
  $('asked').textContent = c.clusterSize + ' members, as ' + c.queriedNode + ' sees them';
  const names = c.members.map((m) => m.name).filter(Boolean).sort();
  names.forEach((n, i) => { nodeColours[n] = PALETTE[i % PALETTE.length]; });
  setRows('members', c.members.map((m) => {
    if (m.error) return `<tr><td>${esc(m.id)}</td><td colspan="9">${esc(m.error)}</td></tr>`;
    const k = m.counters || {};
    return `<tr data-node="${esc(m.name)}"><td><i style="color:${nodeColours[m.name]}">■</i> ${esc(m.name)}</td>
      <td>${esc(m.transport)}</td><td>${human(m.uptimeMs)}</td>
      <td class="num">${mib(k['jvm.heapUsedBytes'])} / ${mib(k['jvm.heapMaxBytes'])}</td>
      <td class="num">${mib(k['jvm.rssBytes'])}</td><td class="num">${k['memory.frames'] ?? 0}</td>
      <td class="num">${k['memory.faults'] ?? 0}</td><td class="num">${k['memory.invalidations'] ?? 0}</td>
      <td class="num">${k['peerBreakersOpened'] ?? 0}</td><td class="num">${k['rejectedFrames'] ?? 0}</td></tr>`;
  }).join(''));
  const procs = c.processes || [];
  setRows('processes', procs.length === 0
    ? '<tr><td colspan="8">no processes: run one (procshare submit --threads 3 montecarlo --samples 200000000)</td></tr>'
    : procs.map((p) => {
      const threads = Object.entries(p.threadsPerNode || {}).map(([n, k]) => `${esc(n)}:${k}`).join(' ') || '–';
      const pages = Object.entries(p.pagesPerNode || {}).map(([n, v]) => `${esc(n)}:${v.readOnly}/${v.readWrite}`).join(' ') || '–';
      const pid = p.pidText;
      return `<tr data-pid="${pid}" class="${pid === selected ? 'selected' : ''}"><td>${pid}</td><td>${esc(p.task)}</td>
        <td>${esc(p.home)}</td><td>${esc(p.state)}</td><td class="threads">${threads}</td><td>${pages}</td>
        <td class="num">${p.faultsPerSec}</td><td class="num">${p.syscallsPerSec}</td></tr>`;
    }).join(''));
  const mine = procs.find((p) => p.pidText === selected);
  if (mine) onProcess(mine);
}

function onProcess(p) {
  $('process').hidden = false;
  $('pid').textContent = p.pidText;
  $('task').textContent = `${p.task} — home ${p.home}, ${p.liveThreads} live threads, ${p.state}`;
  setRows('threads', (p.threads || []).map((t) =>
    `<tr><td>${t.gtid}</td><td><i style="color:${nodeColours[t.node] || '#999'}">■</i> ${esc(t.node)}</td><td>${esc(t.state)}</td></tr>`).join(''));
  const now = Date.now();
  const sample = {t: now, faults: p.faults, calls: p.forwardedSyscalls};
  if (lastSample) {
    const dt = Math.max(0.001, (now - lastSample.t) / 1000);
    history.push({faults: Math.max(0, sample.faults - lastSample.faults) / dt,
                  calls: Math.max(0, sample.calls - lastSample.calls) / dt});
    if (history.length > HISTORY) history.shift();
  }
  lastSample = sample;
  drawRates();
}

function drawRates() {
  const cv = $('rates'), g = cv.getContext('2d');
  cv.dataset.points = String(history.length);
  g.clearRect(0, 0, cv.width, cv.height);
  const max = Math.max(1, ...history.map((h) => Math.max(h.faults, h.calls)));
  // the time axis grows from 30 s to HISTORY s, so that the first seconds are not a speck at the edge
  const span = Math.min(HISTORY, Math.max(30, history.length));
  g.fillStyle = '#667'; g.font = '11px system-ui';
  g.fillText(max.toFixed(0) + '/s', 4, 12); g.fillText('last ' + span + ' s', cv.width - 70, cv.height - 4);
  for (const [key, colour] of [['faults', '#d9480f'], ['calls', '#1c7ed6']]) {
    g.strokeStyle = colour; g.lineWidth = 2; g.beginPath();
    history.forEach((h, i) => {
      const x = cv.width - (history.length - 1 - i) * (cv.width / (span - 1)) - 1;
      const y = cv.height - 16 - (h[key] / max) * (cv.height - 32);
      i === 0 ? g.moveTo(x, y) : g.lineTo(x, y);
    });
    g.stroke();
  }
}

function onPages(m) {
  if (m.pidText !== selected) return;
  const held = new Map(m.cells.map((c) => [String(c.p), c]));
  const pages = [];
  for (const [start, end] of m.mapped) {
    for (let p = start; p < end && pages.length < MAX_CELLS; p++) pages.push(p);
  }
  const total = m.mapped.reduce((a, [s, e]) => a + (e - s), 0);
  $('pagecount').textContent = `${total} mapped pages` + (total > pages.length ? `, first ${pages.length} shown` : '')
    + (m.missing.length ? ` — no answer from ${m.missing.join(', ')}` : '');
  const cv = $('pagemap'), g = cv.getContext('2d');
  const size = pages.length > 1024 ? 6 : pages.length > 256 ? 10 : 16, perRow = Math.floor(cv.width / size);
  cv.height = Math.max(20, Math.ceil(pages.length / perRow) * size);
  g.clearRect(0, 0, cv.width, cv.height);
  const counts = {};
  let signature = 0;
  pages.forEach((p, i) => {
    const c = held.get(String(p));
    let colour = '#3b3f47';
    if (c && c.w) {
      colour = nodeColours[c.w] || '#999';
      counts[c.w] = counts[c.w] || {rw: 0, ro: 0}; counts[c.w].rw++;
    } else if (c && c.r.length) {
      colour = c.r.length > 1 ? '#c5c9d0' : (nodeColours[c.r[0]] || '#999') + '66';
      c.r.forEach((n) => { counts[n] = counts[n] || {rw: 0, ro: 0}; counts[n].ro++; });
    }
    const owner = c ? (c.w || '') + '|' + c.r.join(',') : '';
    for (let k = 0; k < owner.length; k++) signature = (signature * 31 + owner.charCodeAt(k) + i) | 0;
    g.fillStyle = colour;
    g.fillRect((i % perRow) * size, Math.floor(i / perRow) * size, size - 1, size - 1);
  });
  cv.dataset.signature = String(signature);
  cv.dataset.cells = String(pages.length);
  cv.dataset.owners = JSON.stringify(counts);
  $('legend').innerHTML = Object.keys(nodeColours).map((n) =>
    `<span data-node="${esc(n)}"><i style="background:${nodeColours[n]}"></i>${esc(n)}: `
    + `${(counts[n] || {rw: 0}).rw} read-write, ${(counts[n] || {ro: 0}).ro} read-only</span>`).join('');
  setRows('hot', m.hot.map((h) => `<tr><td>${hex(h.page)}</td><td class="num">${h.faults}</td>
    <td class="num">${h.invalidations}</td><td>${h.threads.map(threadName).map(esc).join(', ') || '–'}</td></tr>`).join('')
    || '<tr><td colspan="4">no faults yet</td></tr>');
}

$('processes').addEventListener('click', (e) => {
  const row = e.target.closest('tr[data-pid]');
  if (!row) return;
  selected = row.dataset.pid;
  history = []; lastSample = null;
  history.length = 0;
  location.hash = 'pid=' + selected;
  connect();
});

const fromHash = /pid=(\d+)/.exec(location.hash);
if (fromHash) selected = fromHash[1];
connect();
