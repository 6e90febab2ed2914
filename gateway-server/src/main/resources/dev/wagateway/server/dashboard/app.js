// The wagateway dashboard: sessions, pairing, egress nodes, webhooks and a live event monitor,
// over the public API with the key the person enters once (kept in sessionStorage only).
import { Api, ApiError } from './api.js';
import { el, clear, byId, formatTime } from './dom.js';

const KEY_STORAGE = 'wagateway.apiKey';
const EVENT_TYPES = [
  'session.status', 'auth.qr', 'auth.pairing_code', 'auth.paired', 'auth.logged_out',
  'message.received', 'message.sent', 'message.delivered', 'message.read', 'message.failed',
  'egress.node.status',
];
const MAX_EVENTS = 500;

const state = {
  api: null,
  abort: null,
  sessions: new Map(),
  rows: new Map(),
  selected: null,
  qrUrl: null,
  qrLoading: null,
  lastPairingCode: null,
  demo: false,
  nodes: new Map(),
  nodeQrUrl: null,
  senders: [],
  events: [],
  paused: false,
};

// ---------- status and errors ----------

function say(text) {
  byId('status').textContent = text;
}

function fail(error) {
  const box = byId('error');
  if (error instanceof ApiError && error.status === 401) {
    signOut('The key was refused. Enter a valid API key.');
    return;
  }
  box.textContent = error instanceof ApiError ? `${error.message} (${error.code})` : String(error.message || error);
  box.hidden = false;
}

function clearError() {
  byId('error').hidden = true;
  byId('error').textContent = '';
}

/** Runs an action of a button or form: disables it meanwhile and reports failures. */
async function run(control, action) {
  clearError();
  if (control) {
    control.disabled = true;
  }
  try {
    await action();
  } catch (e) {
    fail(e);
  } finally {
    if (control) {
      control.disabled = false;
    }
  }
}

// ---------- sign in and out ----------

async function signIn(key) {
  const api = new Api(key);
  await api.get('/api/v1/sessions?limit=1');
  sessionStorage.setItem(KEY_STORAGE, key);
  state.api = api;
  byId('login').hidden = true;
  byId('app').hidden = false;
  byId('sign-out').hidden = false;
  clearError();
  say('Signed in.');
  state.abort = new AbortController();
  const signal = state.abort.signal;
  state.api.stream(onEvent, onStreamState, signal);
  detectDemo();
  await loadSessions();
}

function signOut(message) {
  sessionStorage.removeItem(KEY_STORAGE);
  if (state.abort) {
    state.abort.abort();
  }
  state.api = null;
  state.sessions.clear();
  state.rows.clear();
  state.selected = null;
  clear(byId('sessions-table').tBodies[0]);
  byId('app').hidden = true;
  byId('sign-out').hidden = true;
  byId('stream-state').hidden = true;
  byId('login').hidden = false;
  byId('api-key').value = '';
  byId('api-key').focus();
  if (message) {
    byId('error').textContent = message;
    byId('error').hidden = false;
  }
  say('Signed out.');
}

function onStreamState(s) {
  const pill = byId('stream-state');
  pill.hidden = false;
  pill.dataset.state = s;
  pill.textContent = 'events: ' + s;
  if (s === 'denied') {
    fail(new ApiError(403, 'forbidden', 'this key may not read the event stream', {}));
  }
}

// ---------- navigation ----------

function show(view) {
  for (const button of document.querySelectorAll('[data-view]')) {
    const on = button.dataset.view === view;
    if (on) {
      button.setAttribute('aria-current', 'page');
    } else {
      button.removeAttribute('aria-current');
    }
    byId('view-' + button.dataset.view).hidden = !on;
  }
  if (view === 'egress') {
    run(null, loadNodes);
  } else if (view === 'webhooks') {
    run(null, loadWebhooks);
  }
}

// ---------- sessions ----------

async function loadSessions() {
  const items = await state.api.all('/api/v1/sessions');
  const body = byId('sessions-table').tBodies[0];
  const fragment = document.createDocumentFragment();
  state.sessions.clear();
  state.rows.clear();
  for (const s of items) {
    state.sessions.set(s.id, s);
    fragment.append(sessionRow(s));
  }
  clear(body);
  body.append(fragment);
  updateCount();
  refreshSessionFilter();
  document.body.dataset.sessionsRendered = String(items.length);
  performance.mark('wagateway:sessions-rendered');
}

function updateCount() {
  const n = state.sessions.size;
  byId('sessions-count').textContent = n === 1 ? '1 session' : `${n} sessions`;
}

function sessionRow(s) {
  const status = el('span', { class: 'status-badge', 'data-status': s.status }, s.status);
  const open = el('button', { type: 'button', class: 'link', 'aria-label': 'Open ' + (s.name || s.id) }, 'Open');
  open.addEventListener('click', () => select(s.id));
  const row = el('tr', { 'data-session-id': s.id },
    el('td', {}, el('span', { class: 'name' }, s.name || '(unnamed)'), el('br'), el('span', { class: 'mono small' }, s.id)),
    el('td', {}, status),
    el('td', { class: 'wide mono' }, s.phone || '—'),
    el('td', {}, open));
  state.rows.set(s.id, row);
  return row;
}

function updateSession(s) {
  state.sessions.set(s.id, s);
  const old = state.rows.get(s.id);
  const row = sessionRow(s);
  if (old) {
    old.replaceWith(row);
  } else {
    byId('sessions-table').tBodies[0].prepend(row);
    updateCount();
    refreshSessionFilter();
  }
  if (state.selected === s.id) {
    row.classList.add('selected');
    renderDetail();
  }
}

function removeSession(id) {
  state.sessions.delete(id);
  const row = state.rows.get(id);
  if (row) {
    row.remove();
    state.rows.delete(id);
  }
  updateCount();
  refreshSessionFilter();
  if (state.selected === id) {
    state.selected = null;
    byId('session-detail').hidden = true;
  }
}

async function select(id) {
  if (state.selected) {
    state.rows.get(state.selected)?.classList.remove('selected');
  }
  state.selected = id;
  state.rows.get(id)?.classList.add('selected');
  state.lastPairingCode = null;
  byId('pairing-code-out').hidden = true;
  byId('send-result').textContent = '';
  clearQr();
  byId('session-detail').hidden = false;
  renderDetail();
  byId('detail-title').focus();
  await run(null, async () => updateSession(await state.api.get('/api/v1/sessions/' + encodeURIComponent(id))));
}

function renderDetail() {
  const s = state.sessions.get(state.selected);
  if (!s) {
    return;
  }
  byId('detail-title').textContent = s.name || 'Session';
  byId('detail-id').textContent = s.id;
  const badge = byId('detail-status');
  badge.textContent = s.status;
  badge.dataset.status = s.status;
  const detail = byId('session-detail');
  detail.querySelector('[data-action="start"]').disabled = !['stopped', 'failed', 'logged_out'].includes(s.status);
  detail.querySelector('[data-action="stop"]').disabled = s.status === 'stopped';
  detail.querySelector('[data-action="logout"]').disabled = !s.paired;
  const pairing = !s.paired && s.status === 'pairing';
  byId('pairing').hidden = !pairing;
  if (pairing && !state.qrUrl) {
    loadQr(s.id);
  } else if (!pairing) {
    clearQr();
  }
  const linked = s.paired && (s.status === 'connected' || s.status === 'reconnecting');
  byId('send-form').hidden = !linked;
  if (linked && byId('me').hidden) {
    loadMe(s.id);
  } else if (!s.paired) {
    byId('me').hidden = true;
  }
}

async function sessionAction(action) {
  const id = state.selected;
  const path = '/api/v1/sessions/' + encodeURIComponent(id);
  if (action === 'delete') {
    if (!window.confirm('Delete this session and its pairing?')) {
      return;
    }
    await state.api.delete(path);
    removeSession(id);
    say('Session deleted.');
    return;
  }
  const target = { start: path + ':start', stop: path + ':stop', logout: path + '/logout' }[action];
  const result = await state.api.post(target);
  if (result && result.id) {
    updateSession(result);
  }
  byId('me').hidden = true;
  say(`Session ${action} requested.`);
}

// ---------- QR, pairing code, /me, send ----------

function clearQr() {
  if (state.qrUrl) {
    URL.revokeObjectURL(state.qrUrl);
    state.qrUrl = null;
  }
  const img = byId('qr-image');
  img.hidden = true;
  img.removeAttribute('src');
  delete img.dataset.code;
  byId('qr-caption').textContent = 'Waiting for a QR code…';
}

/**
 * Shows the session's current QR: the JSON answer gives the code and its expiry, the PNG answer
 * the image with the same expiry in X-Qr-Expires-At; they are shown together only when they match
 * (a rotation between the two requests is retried), so data-code is always the drawn code.
 */
async function loadQr(id) {
  if (state.qrLoading === id) {
    return;
  }
  state.qrLoading = id;
  try {
    const path = '/api/v1/sessions/' + encodeURIComponent(id) + '/qr';
    for (let attempt = 0; attempt < 3 && state.selected === id; attempt++) {
      let qr;
      try {
        qr = await state.api.get(path);
      } catch (e) {
        if (e instanceof ApiError && (e.status === 404 || e.status === 400)) {
          byId('qr-caption').textContent = e.status === 404 ? 'Waiting for a QR code…' : 'This session is already linked.';
          return;
        }
        throw e;
      }
      const image = await state.api.image(path + '?format=png');
      if (image.headers.get('X-Qr-Expires-At') !== String(qr.expiresAt) || state.selected !== id) {
        URL.revokeObjectURL(image.url);
        continue;
      }
      if (state.qrUrl) {
        URL.revokeObjectURL(state.qrUrl);
      }
      state.qrUrl = image.url;
      const img = byId('qr-image');
      img.src = image.url;
      img.dataset.code = qr.code;
      img.dataset.expiresAt = String(qr.expiresAt);
      img.hidden = false;
      byId('qr-caption').textContent = 'Scan in WhatsApp → Linked devices → Link a device. Rotates at ' + formatTime(qr.expiresAt) + '.';
      return;
    }
  } catch (e) {
    fail(e);
  } finally {
    if (state.qrLoading === id) {
      state.qrLoading = null;
    }
  }
}

async function loadMe(id) {
  try {
    const me = await state.api.get('/api/v1/sessions/' + encodeURIComponent(id) + '/me');
    if (state.selected !== id) {
      return;
    }
    const list = byId('me-list');
    clear(list);
    for (const [label, value] of [['Phone', me.phone], ['Name', me.pushName], ['JID', me.jid], ['LID', me.lid], ['Device', me.deviceId]]) {
      if (value !== undefined && value !== null) {
        list.append(el('dt', {}, label), el('dd', { class: 'mono' }, String(value)));
      }
    }
    byId('me').hidden = false;
  } catch (e) {
    if (!(e instanceof ApiError && (e.status === 404 || e.status === 501))) {
      fail(e);
    }
  }
}

async function requestPairingCode() {
  const phone = byId('pairing-phone').value.trim();
  const answer = await state.api.post('/api/v1/sessions/' + encodeURIComponent(state.selected) + '/pairing-code', { phone });
  state.lastPairingCode = answer.code;
  byId('pairing-code').textContent = answer.code;
  byId('pairing-code-out').hidden = false;
  say('Pairing code ready: type it on the phone under “Link with phone number instead”.');
}

async function sendTest() {
  const to = byId('send-to').value.trim();
  const text = byId('send-text').value;
  const message = await state.api.post('/api/v1/sessions/' + encodeURIComponent(state.selected) + '/messages', { type: 'text', to, text });
  const out = byId('send-result');
  out.textContent = `Queued ${message.id} (${message.status}).`;
  out.dataset.messageId = message.id;
  byId('send-text').value = '';
  say('Message queued.');
}

// ---------- demo phone ----------

async function detectDemo() {
  try {
    const phone = await state.api.get('/demo/phone');
    state.demo = true;
    byId('demo-number').textContent = phone.phone;
    byId('demo-phone').hidden = false;
    if (!byId('pairing-phone').value) {
      byId('pairing-phone').value = phone.phone;
    }
    if (!byId('send-to').value) {
      byId('send-to').value = '15550100002';
    }
  } catch (e) {
    state.demo = false;
    byId('demo-phone').hidden = true;
  }
}

function needSelected() {
  if (!state.selected) {
    throw new Error('Open a session first.');
  }
  return state.selected;
}

async function demoScan() {
  const answer = await state.api.post('/demo/phone/scan', { sessionId: needSelected() });
  byId('demo-result').textContent = 'Phone: ' + answer.outcome;
}

async function demoEnterCode() {
  needSelected();
  if (!state.lastPairingCode) {
    throw new Error('Request a pairing code for the demo phone’s number first.');
  }
  const answer = await state.api.post('/demo/phone/pairing-code', { code: state.lastPairingCode });
  byId('demo-result').textContent = 'Phone: ' + answer.outcome;
}

async function demoContactSend() {
  const input = byId('demo-contact-text');
  const answer = await state.api.post('/demo/contact/send', { sessionId: needSelected(), text: input.value });
  input.value = '';
  byId('demo-result').textContent = 'The contact sent ' + (answer.messageId || 'a message') + '.';
}

// ---------- egress nodes ----------

async function loadNodes() {
  const [nodes, senders] = await Promise.all([
    state.api.all('/v1/whatsapp-alt/egress-nodes', 100),
    state.api.all('/v1/senders', 100),
  ]);
  state.senders = senders;
  const select = byId('node-sender');
  const chosen = select.value;
  clear(select);
  select.append(el('option', { value: '' }, 'New sender…'));
  for (const s of senders) {
    select.append(el('option', { value: s.id }, s.name + (s.phoneNumber ? ' ' + s.phoneNumber : '')));
  }
  select.value = senders.some((s) => s.id === chosen) ? chosen : '';
  state.nodes.clear();
  const body = byId('nodes-table').tBodies[0];
  clear(body);
  for (const n of nodes) {
    state.nodes.set(n.id, n);
    body.append(nodeRow(n));
  }
}

function nodeRow(n) {
  const qr = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Pairing QR of ' + (n.label || n.id) }, 'Pairing QR');
  qr.addEventListener('click', () => run(qr, () => showNodeQr(n.id)));
  const revoke = el('button', { type: 'button', class: 'danger', 'aria-label': 'Revoke ' + (n.label || n.id) }, 'Revoke');
  revoke.disabled = n.status === 'revoked';
  revoke.addEventListener('click', () => run(revoke, () => revokeNode(n.id)));
  const exit = [n.exitIp, n.exitCountry].filter(Boolean).join(' · ') || '—';
  return el('tr', { 'data-node-id': n.id },
    el('td', {}, el('span', { class: 'name' }, n.label || '(no label)'), el('br'), el('span', { class: 'mono small' }, n.id)),
    el('td', {}, el('span', { class: 'status-badge', 'data-status': n.status }, n.status)),
    el('td', { class: 'mono' }, exit),
    el('td', { class: 'wide' }, n.lastSeenAt ? formatTime(n.lastSeenAt) : 'never'),
    el('td', { class: 'actions' }, qr, revoke));
}

function updateNode(n) {
  state.nodes.set(n.id, n);
  const body = byId('nodes-table').tBodies[0];
  const old = body.querySelector(`tr[data-node-id="${CSS.escape(n.id)}"]`);
  if (old) {
    old.replaceWith(nodeRow(n));
  } else {
    body.prepend(nodeRow(n));
  }
}

async function createNode() {
  let senderId = byId('node-sender').value;
  if (!senderId) {
    const name = byId('node-sender-name').value.trim() || 'Dashboard sender';
    senderId = (await state.api.post('/v1/senders', { name })).id;
  }
  const label = byId('node-label').value.trim();
  const created = await state.api.post('/v1/whatsapp-alt/egress-nodes', label ? { senderId, label } : { senderId });
  await loadNodes();
  byId('node-sender').value = senderId;
  say('Egress node created: scan its pairing QR with the egress node app.');
  await showNodeQr(created.node.id);
}

async function showNodeQr(id) {
  const image = await state.api.image('/v1/whatsapp-alt/egress-nodes/' + encodeURIComponent(id) + '/pairing-qr');
  if (state.nodeQrUrl) {
    URL.revokeObjectURL(state.nodeQrUrl);
  }
  state.nodeQrUrl = image.url;
  const img = byId('node-qr-image');
  img.src = image.url;
  img.dataset.nodeId = id;
  const expires = image.headers.get('X-Pairing-Expires-At');
  const n = state.nodes.get(id);
  byId('node-qr-caption').textContent = 'Pairing QR for ' + (n?.label || id) + (expires ? '; valid until ' + formatTime(expires) : '') + '.';
  byId('node-qr').hidden = false;
}

async function revokeNode(id) {
  if (!window.confirm('Revoke this egress node? Its sessions lose this route.')) {
    return;
  }
  await state.api.delete('/v1/whatsapp-alt/egress-nodes/' + encodeURIComponent(id));
  await loadNodes();
  say('Egress node revoked.');
}

// ---------- webhooks ----------

async function loadWebhooks() {
  const list = await state.api.get('/api/v1/webhooks');
  const body = byId('webhooks-table').tBodies[0];
  clear(body);
  byId('webhooks-empty').hidden = list.items.length > 0;
  byId('deliveries').hidden = true;
  let deliveriesServed = list.items.length > 0 ? await probeDeliveries(list.items[0].id) : false;
  for (const w of list.items) {
    const cells = [
      el('td', { class: 'mono' }, w.url),
      el('td', {}, (w.eventTypes || []).join(', ') || 'all'),
      el('td', { class: 'wide mono' }, w.sessionId || 'all'),
    ];
    const action = el('td');
    if (deliveriesServed) {
      const button = el('button', { type: 'button', class: 'secondary', 'aria-label': 'Deliveries of ' + w.url }, 'Deliveries');
      button.addEventListener('click', () => run(button, () => showDeliveries(w)));
      action.append(button);
    }
    body.append(el('tr', { 'data-webhook-id': w.id }, ...cells, action));
  }
}

/** Whether this server answers the delivery log (older servers do not: the panel stays hidden). */
async function probeDeliveries(id) {
  try {
    await state.api.get('/api/v1/webhooks/' + encodeURIComponent(id) + '/deliveries?limit=1');
    return true;
  } catch (e) {
    return false;
  }
}

async function showDeliveries(w) {
  const page = await state.api.get('/api/v1/webhooks/' + encodeURIComponent(w.id) + '/deliveries?limit=50');
  const items = page.items || [];
  const columns = [];
  for (const item of items) {
    for (const [k, v] of Object.entries(item)) {
      if (!columns.includes(k) && (v === null || typeof v !== 'object')) {
        columns.push(k);
      }
    }
  }
  const table = byId('deliveries-table');
  clear(table.tHead);
  clear(table.tBodies[0]);
  table.tHead.append(el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c))));
  for (const item of items) {
    table.tBodies[0].append(el('tr', {}, ...columns.map((c) => el('td', {}, item[c] === undefined || item[c] === null ? '' : String(item[c])))));
  }
  byId('deliveries-title').textContent = items.length ? 'Deliveries to ' + w.url : 'No deliveries yet to ' + w.url;
  byId('deliveries').hidden = false;
  byId('deliveries-title').focus();
}

// ---------- events ----------

function onEvent(event) {
  if (event.type === 'session.status' && state.sessions.has(event.sessionId)) {
    const s = { ...state.sessions.get(event.sessionId), status: event.status };
    if (event.status === 'connected' || event.status === 'connecting') {
      s.paired = true;
    }
    if (event.status === 'logged_out') {
      s.paired = false;
    }
    updateSession(s);
    if (event.status === 'connected' && state.selected === event.sessionId) {
      refreshSelected();
    }
  } else if (event.type === 'session.status' && !state.sessions.has(event.sessionId)) {
    refreshSession(event.sessionId);
  } else if (event.type === 'auth.qr' && event.sessionId === state.selected) {
    loadQr(event.sessionId);
  } else if (event.type === 'auth.paired' && state.sessions.has(event.sessionId)) {
    refreshSession(event.sessionId);
  } else if (event.type === 'egress.node.status' && state.nodes.has(event.nodeId)) {
    const n = state.nodes.get(event.nodeId);
    updateNode({ ...n, status: event.status, exitIp: event.exitIp ?? n.exitIp, exitCountry: event.exitCountry ?? n.exitCountry, lastSeenAt: event.occurredAt });
  }
  recordEvent(event);
}

function refreshSelected() {
  byId('me').hidden = true;
  refreshSession(state.selected);
}

async function refreshSession(id) {
  try {
    updateSession(await state.api.get('/api/v1/sessions/' + encodeURIComponent(id)));
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      removeSession(id);
    }
  }
}

function recordEvent(event) {
  state.events.unshift(event);
  if (state.events.length > MAX_EVENTS) {
    state.events.length = MAX_EVENTS;
  }
  if (!state.paused && eventShown(event)) {
    const log = byId('event-log');
    log.prepend(eventItem(event));
    while (log.childElementCount > MAX_EVENTS) {
      log.lastElementChild.remove();
    }
  }
}

function eventShown(event) {
  const types = selectedTypes();
  const session = byId('event-session').value;
  return types.has(event.type) && (!session || event.sessionId === session);
}

function selectedTypes() {
  return new Set([...document.querySelectorAll('#event-types input:checked')].map((i) => i.value));
}

function eventItem(event) {
  const { type, id, sessionId, occurredAt, ...rest } = event;
  const summary = Object.entries(rest)
    .filter(([k, v]) => k !== 'code' && v !== null && typeof v !== 'object')
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return el('li', { 'data-type': type, 'data-event-id': id },
    el('time', { datetime: occurredAt }, formatTime(occurredAt)), ' ',
    el('strong', { class: 'type' }, type), ' ',
    sessionId ? el('span', { class: 'mono small' }, sessionId) : '', ' ',
    el('span', { class: 'summary' }, summary));
}

function renderEvents() {
  const log = byId('event-log');
  clear(log);
  const fragment = document.createDocumentFragment();
  for (const event of state.events) {
    if (eventShown(event)) {
      fragment.append(eventItem(event));
    }
  }
  log.append(fragment);
}

function refreshSessionFilter() {
  const select = byId('event-session');
  const chosen = select.value;
  clear(select);
  select.append(el('option', { value: '' }, 'All sessions'));
  for (const s of state.sessions.values()) {
    select.append(el('option', { value: s.id }, (s.name || '(unnamed)') + ' · ' + s.id));
  }
  select.value = state.sessions.has(chosen) ? chosen : '';
}

// ---------- wiring ----------

function wire() {
  const types = byId('event-types');
  for (const type of EVENT_TYPES) {
    const input = el('input', { type: 'checkbox', value: type, id: 'type-' + type.replaceAll('.', '-') });
    input.checked = type !== 'auth.qr';
    types.append(el('label', { class: 'check' }, input, ' ' + type));
  }
  byId('event-filters').addEventListener('change', renderEvents);
  byId('event-filters').addEventListener('submit', (e) => e.preventDefault());
  byId('events-pause').addEventListener('click', (e) => {
    state.paused = !state.paused;
    e.currentTarget.setAttribute('aria-pressed', String(state.paused));
    e.currentTarget.textContent = state.paused ? 'Resume' : 'Pause';
    if (!state.paused) {
      renderEvents();
    }
  });
  byId('events-clear').addEventListener('click', () => {
    state.events = [];
    renderEvents();
  });

  byId('login-form').addEventListener('submit', (e) => {
    e.preventDefault();
    const key = byId('api-key').value.trim();
    run(e.submitter, () => signIn(key));
  });
  byId('sign-out').addEventListener('click', () => signOut());
  for (const button of document.querySelectorAll('[data-view]')) {
    button.addEventListener('click', () => show(button.dataset.view));
  }
  byId('create-session-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, async () => {
      const name = byId('session-name').value.trim();
      const body = { autoStart: byId('session-autostart').checked };
      if (name) {
        body.name = name;
      }
      const s = await state.api.post('/api/v1/sessions', body);
      updateSession(s);
      byId('session-name').value = '';
      say('Session created.');
      await select(s.id);
    });
  });
  for (const button of byId('session-detail').querySelectorAll('[data-action]')) {
    button.addEventListener('click', () => run(button, () => sessionAction(button.dataset.action)));
  }
  byId('pairing-code-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, requestPairingCode);
  });
  byId('send-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, sendTest);
  });
  byId('demo-scan').addEventListener('click', (e) => run(e.currentTarget, demoScan));
  byId('demo-enter-code').addEventListener('click', (e) => run(e.currentTarget, demoEnterCode));
  byId('demo-contact-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, demoContactSend);
  });
  byId('create-node-form').addEventListener('submit', (e) => {
    e.preventDefault();
    run(e.submitter, createNode);
  });
  byId('node-sender').addEventListener('change', () => {
    byId('node-sender-name').disabled = byId('node-sender').value !== '';
  });
}

wire();
const saved = sessionStorage.getItem(KEY_STORAGE);
if (saved) {
  run(null, () => signIn(saved));
} else {
  byId('api-key').focus();
}
