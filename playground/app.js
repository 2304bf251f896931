// The playground: a frontend like any other, talking to the server over socket.io.
import { readableLabels } from '/shared/bpmn-labels.js';
import { Conversation } from './conversation.js';

const $ = (id) => document.getElementById(id);
const store = window.localStorage;
const state = {
  socket: null,
  process: null,
  interaction: null,
  uid: null,
  lastSeq: 0,
  marked: [],
  // The path taken: every activity a reply of this conversation was at.
  visited: new Set(),
};
// bpmn-js's viewer (served by the server from node_modules) draws the process as BPMN 2.0.
const viewer = new BpmnJS({ container: '#diagram' });
const conversation = new Conversation($('messages'));

async function get(path) {
  const headers = state.token ? { authorization: `Bearer ${state.token}` } : {};
  const response = await fetch(path, { headers });
  if (!response.ok) throw new Error((await response.json()).message);
  return response;
}
const getJson = async (path) => (await get(path)).json();

function setState(name, text) {
  $('state').dataset.state = name;
  $('state').textContent = text ?? name;
}

/** Fits the whole diagram in the panel with a margin, centred, never above 1:1 (small processes stay small). */
function fitDiagram(margin = 24) {
  const canvas = viewer.get('canvas');
  const { inner, outer } = canvas.viewbox();
  const scale = Math.min(
    1,
    outer.width / (inner.width + 2 * margin),
    outer.height / (inner.height + 2 * margin),
  );
  const width = outer.width / scale;
  const height = outer.height / scale;
  canvas.viewbox({
    x: inner.x - (width - inner.width) / 2,
    y: inner.y - (height - inner.height) / 2,
    width,
    height,
  });
}

/**
 * Draws the process, once per process, from its BPMN export: the author's own diagram for a
 * process.bpmn, a laid-out one for a process.json. Element ids are activity ids.
 */
async function drawDiagram(name, version) {
  const path = `/processes/${encodeURIComponent(name)}/bpmn${version ? `?version=${version}` : ''}`;
  await viewer.importXML(readableLabels(await (await get(path)).text()));
  fitDiagram();
  state.marked = [];
  $('download').href = path;
  $('download').download = `${name}.bpmn`;
}

/** Highlights the current activity and marks the completed gateways (bpmn-js markers, i.e. CSS classes). */
async function showProgress(activity) {
  const element = viewer.get('elementRegistry').get(activity);
  const label = element?.businessObject?.name;
  $('activity').textContent = `at ${activity}${label && label !== activity ? ` (${label})` : ''}`;
  let done = [];
  try {
    const view = await getJson(`/interactions/${state.interaction}?uid=${encodeURIComponent(state.uid)}`);
    done = view.context?._done_ ?? [];
    await showVersion(view);
  } catch {
    // the diagram still shows where the user is
  }
  const canvas = viewer.get('canvas');
  for (const [id, marker] of state.marked) canvas.removeMarker(id, marker);
  state.visited.add(activity);
  const wanted = [
    [activity, 'current'],
    ...done.map((id) => [id, 'done']),
    ...[...state.visited].filter((id) => id !== activity).map((id) => [id, 'visited']),
  ];
  state.marked = wanted.filter(([id]) => viewer.get('elementRegistry').get(id) !== undefined);
  for (const [id, marker] of state.marked) canvas.addMarker(id, marker);
  document.body.dataset.activity = activity;
}

/** Says which version of the process the interaction runs on, and draws that version's diagram. */
async function showVersion(view) {
  const number = view.versionNumber;
  $('version').textContent = `version ${number ?? '?'} (${view.processVersion.slice(0, 8)})`;
  document.body.dataset.version = String(number ?? '');
  // (an interaction older than the stored versions runs on the current one: its diagram is drawn already)
  if (number !== null && state.drawnVersion !== view.processVersion) {
    // once, however many replies ask at the same time: a second import would clear the markers
    state.drawnVersion = view.processVersion;
    state.drawing = drawDiagram(state.process, view.processVersion);
  }
  await state.drawing;
}

function showButtons(reply) {
  const buttons = Array.isArray(reply.payload?.buttons) ? reply.payload.buttons : [];
  const make = (label, onclick, className) => {
    const button = document.createElement('button');
    button.type = 'button';
    button.textContent = label;
    if (className) button.className = className;
    button.onclick = onclick;
    return button;
  };
  $('buttons').replaceChildren(
    ...buttons.map((b) => make(b.label, () => send({ type: 'data', payload: b.data }))),
    // After the END the process answers the same forever: offer a new interaction instead.
    ...(reply.status === 'completed' ? [make('Start again', () => void connect(true), 'restart')] : []),
  );
  if ($('buttons').children.length === 0) $('buttons').innerHTML = '<em>none</em>';
}

/** An error, where the user looks: in the chat, under the message it is about. */
function showError(text) {
  // A refused message is answered twice (its acknowledgement and an exception event): one line for both.
  if ($('error').textContent === text) return;
  $('error').textContent = text;
  conversation.notice(text);
}

function onReply(reply) {
  // Already shown (a replay overlapping a live reply), or an older turn arriving late: the buttons stay the newest.
  if (!conversation.add(reply) || reply.seq < state.lastSeq) return;
  state.lastSeq = reply.seq;
  store.setItem('mmcc.lastSeq', String(state.lastSeq));
  $('last-payload').textContent = JSON.stringify(reply.payload, null, 2);
  showButtons(reply);
  void showProgress(reply.activity);
}

function send(message) {
  if (!state.socket?.connected) return;
  $('error').textContent = '';
  // The id lets this tab recognise its own line when the reply comes back carrying it.
  const id = crypto.randomUUID();
  conversation.sent(id, message);
  // The ack is this tab's reply (the other tabs get it as a `message` event; this one does not).
  state.socket.emit('message', { ...message, id }, (answer) => {
    if (answer?.code) {
      conversation.failed(id);
      showError(`${answer.code}: ${answer.message}`);
      return;
    }
    setState('connected');
    onReply(answer);
  });
}

/** Connects: a new interaction when `fresh`, else the stored one, replaying every reply (lastSeq 0). */
async function connect(fresh) {
  state.socket?.disconnect();
  conversation.clear();
  state.visited = new Set();
  state.process = $('process').value;
  state.uid = $('uid').value.trim() || crypto.randomUUID().slice(0, 8);
  state.token = $('token').value.trim() || undefined;
  $('uid').value = state.uid;
  store.setItem('mmcc.uid', state.uid);
  store.setItem('mmcc.process', state.process);
  if (fresh) {
    store.removeItem('mmcc.interaction');
    state.lastSeq = 0;
  }
  state.interaction = store.getItem('mmcc.interaction');
  state.lastSeq = 0;
  state.drawnVersion = undefined;
  state.drawing = drawDiagram(state.process);
  await state.drawing;
  const { uid, process, token } = state;
  // Read at each (re)connection: the stored interaction from the start (lastSeq 0 replays the whole conversation),
  // then only what this tab missed.
  const auth = (answer) =>
    answer({ uid, process, token, ...(state.interaction ? { interaction: state.interaction, lastSeq: state.lastSeq } : {}) });
  const socket = io({ auth, transports: ['websocket'] });
  state.socket = socket;
  setState('connecting');
  socket.on('session', (session) => {
    state.interaction = session.interaction;
    store.setItem('mmcc.interaction', session.interaction);
    $('interaction').textContent = `interaction ${session.interaction.slice(0, 8)}`;
    setState(session.resumed ? 'resumed' : 'connected');
    void showProgress(session.activity);
  });
  socket.on('message', onReply);
  socket.on('exception', (error) => {
    showError(`${error.code}: ${error.message}`);
    if (error.code !== 'INTERACTION_NOT_FOUND') return;
    store.removeItem('mmcc.interaction');
    state.interaction = null;
  });
  socket.on('disconnect', () => setState('reconnecting'));
  socket.io.on('reconnect_attempt', () => setState('reconnecting'));
}

$('say').onsubmit = (event) => {
  event.preventDefault();
  const text = $('utterance').value;
  if (text.trim() === '') return;
  $('utterance').value = '';
  send({ type: 'utterance', utterance: text });
};
$('data').onsubmit = (event) => {
  event.preventDefault();
  try {
    const payload = JSON.parse($('payload').value);
    send({ type: 'data', payload });
  } catch (error) {
    $('error').textContent = `not JSON: ${error.message}`;
  }
};
$('start').onclick = () => void connect(true);
/** The widget pages run the process picked here. */
const linkWidgets = () => {
  for (const page of ['rasa', 'webchat'])
    $(`widget-${page}`).href = `/widgets/${page}.html?process=${encodeURIComponent($('process').value)}`;
};
$('process').onchange = () => {
  linkWidgets();
  void connect(true);
};

(async () => {
  const { processes, auth, default: fallback } = await getJson('/processes');
  $('token-field').hidden = auth !== 'jwt';
  $('process').replaceChildren(...processes.map((p) => new Option(p.name, p.name)));
  // ?process= always wins; the interaction saved for another process is not resumed.
  const asked = new URLSearchParams(location.search).get('process');
  const wanted = processes.some((p) => p.name === asked) ? asked : null;
  const saved = store.getItem('mmcc.process');
  $('process').value = wanted ?? saved ?? fallback;
  linkWidgets();
  $('uid').value = store.getItem('mmcc.uid') ?? '';
  await connect(wanted !== null && wanted !== saved);
})().catch((error) => showError(error.message));
