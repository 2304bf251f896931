// The operator's console: the analytics on the process's diagram, the interactions, one of them live, its
// user, and the takeover. Everything through the admin API and the /console feed, with the admin token.
import { ApiError, feed, get, query, token } from './api.js';
import { Detail } from './detail.js';
import { Diagram } from './diagram.js';
import { readableName } from '/shared/bpmn-labels.js';

const $ = (id) => document.getElementById(id);
const diagram = new Diagram('#diagram');
const state = { process: null, cursor: null, socket: null };
const filters = () => ({
  process: state.process,
  version: $('version').value,
  from: $('from').value,
  to: $('to').value ? nextDay($('to').value) : '',
});
const nextDay = (day) => new Date(Date.parse(day) + 86_400_000).toISOString().slice(0, 10);
const show = (error) => ($('error').textContent = error === undefined ? '' : error.message);
const detail = new Detail({ diagram, show, reload: () => refresh() });

async function signIn(value) {
  token.set(value);
  try {
    const processes = await get('/admin/processes');
    $('sign-in').hidden = true;
    $('app').hidden = false;
    $('process').replaceChildren(...processes.map((p) => new Option(p.name, p.name)));
    state.versions = Object.fromEntries(processes.map((p) => [p.name, p.version]));
    connectFeed();
    await pick(processes.find((p) => p.default)?.name ?? processes[0]?.name);
  } catch (error) {
    token.clear();
    $('sign-in').hidden = false;
    $('app').hidden = true;
    $('sign-in-error').textContent =
      error instanceof ApiError && error.status === 403 ? 'That is not the admin token.' : error.message;
  }
}

async function pick(name) {
  state.process = name;
  $('process').value = name;
  if (detail.interaction !== undefined && detail.interaction.process !== name) detail.close();
  const current = state.versions[name];
  $('version').replaceChildren(new Option('all', ''), new Option(`${current} (live)`, current));
  await diagram.draw(await get(`/processes/${encodeURIComponent(name)}/bpmn`));
  await refresh();
}

async function refresh() {
  show();
  try {
    await Promise.all([analytics(), list(true), queue()]);
  } catch (error) {
    show(error);
  }
}

async function analytics() {
  const { process, ...range } = filters();
  const path = `/admin/processes/${encodeURIComponent(process)}/analytics${query(range)}`;
  const figures = await get(path);
  const t = figures.totals;
  const rate = t.completionRate === null ? '–' : `${Math.round(t.completionRate * 100)}%`;
  $('totals').textContent = `${t.started} started · ${t.completed} completed (${rate}) · ${t.abandoned} abandoned · ${t.waiting} waiting`;
  $('csv').href = '#';
  $('csv').onclick = (event) => (event.preventDefault(), download(`${path}${path.includes('?') ? '&' : '?'}format=csv`, `${process}.csv`));
  diagram.heat(figures.activities);
  const top = Math.max(1, ...figures.activities.map((a) => a.reached));
  $('funnel').replaceChildren(
    ...figures.activities.map((a) => {
      const item = document.createElement('li');
      item.dataset.activity = a.id;
      const time = a.medianMs === null ? '' : ` · median ${seconds(a.medianMs)}`;
      item.innerHTML = `<span class="name"></span><span class="bar"><span class="reached"></span><span class="abandoned"></span></span><span class="figures"></span>`;
      // The whole name, on a line of its own (it wraps at word boundaries like the diagram's labels).
      item.querySelector('.name').textContent = readableName(a.id);
      item.querySelector('.name').title = a.id;
      item.querySelector('.reached').style.width = `${(100 * (a.reached - a.abandoned)) / top}%`;
      item.querySelector('.abandoned').style.width = `${(100 * a.abandoned) / top}%`;
      item.querySelector('.figures').textContent =
        `${a.reached} reached · ${a.abandoned} abandoned · ${a.refused} refused · ${a.failed} failed · ${a.noIntent} no intent${time}`;
      return item;
    }),
  );
}

const seconds = (ms) => (ms < 60_000 ? `${Math.round(ms / 100) / 10} s` : `${Math.round(ms / 6000) / 10} min`);

async function download(path, name) {
  const response = await fetch(path, { headers: { authorization: `Bearer ${token.get()}` } });
  const link = Object.assign(document.createElement('a'), { href: URL.createObjectURL(await response.blob()), download: name });
  link.click();
}

async function list(fromStart) {
  if (fromStart) state.cursor = null;
  const page = await get(`/admin/interactions${query({
    ...filters(),
    status: $('status').value,
    uid: $('uid').value,
    q: $('q').value,
    cursor: state.cursor,
    limit: '20',
  })}`);
  const rows = page.items.map((i) => {
    const row = document.createElement('tr');
    row.dataset.interaction = i.interaction;
    for (const text of [i.createdAt.replace('T', ' ').slice(0, 19), i.uid, i.status, i.activity]) {
      const cell = document.createElement('td');
      cell.textContent = text;
      row.append(cell);
    }
    row.onclick = () => detail.open(i.interaction).catch(show);
    return row;
  });
  if (fromStart) $('list').replaceChildren(...rows);
  else $('list').append(...rows);
  state.cursor = page.nextCursor;
  $('more').hidden = page.nextCursor === null;
}

async function queue() {
  const waiting = await get('/admin/interactions?status=handoff&limit=50');
  $('queue-count').textContent = String(waiting.items.length);
  $('queue').replaceChildren(
    ...waiting.items.map((i) => {
      const item = document.createElement('li');
      const open = document.createElement('button');
      open.type = 'button';
      open.textContent = `${i.uid} at ${i.activity} (${i.process})`;
      open.onclick = () => detail.open(i.interaction).catch(show);
      item.append(open);
      return item;
    }),
  );
}

function connectFeed() {
  state.socket?.disconnect();
  state.socket = feed();
  detail.socket = state.socket;
  state.socket.on('connect', () => (($('live').dataset.state = 'on'), ($('live').textContent = 'live')));
  state.socket.on('disconnect', () => (($('live').dataset.state = 'off'), ($('live').textContent = 'offline')));
  state.socket.on('turn', (turn) => detail.onTurn(turn));
  state.socket.on('queue', () => queue().catch(show));
}

$('sign-in').onsubmit = (event) => (event.preventDefault(), signIn($('token').value));
$('sign-out').onclick = () => (token.clear(), state.socket?.disconnect(), location.reload());
$('process').onchange = () => pick($('process').value).catch(show);
for (const id of ['version', 'from', 'to']) $(id).onchange = () => refresh();
$('filters').onsubmit = (event) => (event.preventDefault(), list(true).catch(show));
$('more').onclick = () => list(false).catch(show);

if (token.get() === null) $('sign-in').hidden = false;
else signIn(token.get());
