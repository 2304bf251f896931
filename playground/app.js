// The playground: a frontend like any other, talking to the server over socket.io.
import { Conversation } from './conversation.js';

const $ = (id) => document.getElementById(id);
const store = window.localStorage;
const state = { socket: null, process: null, definition: null, interaction: null, uid: null, lastSeq: 0 };

const conversation = new Conversation($('messages'));

mermaid.initialize({ startOnLoad: false, securityLevel: 'strict', flowchart: { htmlLabels: false } });

async function getJson(path) {
  const headers = state.token ? { authorization: `Bearer ${state.token}` } : {};
  const response = await fetch(path, { headers });
  if (!response.ok) throw new Error((await response.json()).message);
  return response.json();
}

function setState(name, text) {
  $('state').dataset.state = name;
  $('state').textContent = text ?? name;
}

/** Draws the process, once per process: Mermaid node ids come from the server. */
async function drawDiagram(name) {
  state.definition = await getJson(`/processes/${encodeURIComponent(name)}`);
  const { svg } = await mermaid.render('process-svg', state.definition.diagram);
  $('diagram').innerHTML = svg;
}

/** Highlights the current activity and marks the completed gateways. */
async function showProgress(activity) {
  $('activity').textContent = `at ${activity}`;
  const nodes = state.definition?.diagramNodes ?? {};
  let done = [];
  try {
    const view = await getJson(`/interactions/${state.interaction}?uid=${encodeURIComponent(state.uid)}`);
    done = view.context?._done_ ?? [];
  } catch {
    // the diagram still shows where the user is
  }
  for (const element of $('diagram').querySelectorAll('.node')) {
    const id = Object.entries(nodes).find(([, node]) => element.id.includes(`-${node}-`))?.[0];
    element.classList.toggle('current', id === activity);
    element.classList.toggle('done', done.includes(id));
    if (id !== undefined) element.dataset.activity = id;
  }
  document.body.dataset.activity = activity;
}

function showButtons(payload) {
  const buttons = Array.isArray(payload?.buttons) ? payload.buttons : [];
  $('buttons').replaceChildren(
    ...buttons.map((b) => {
      const button = document.createElement('button');
      button.type = 'button';
      button.textContent = b.label;
      button.onclick = () => send({ type: 'data', payload: b.data });
      return button;
    }),
  );
  if (buttons.length === 0) $('buttons').innerHTML = '<em>none</em>';
}

function onReply(reply) {
  // Already shown (a replay overlapping a live reply), or an older turn arriving late: the buttons stay the newest.
  if (!conversation.add(reply) || reply.seq < state.lastSeq) return;
  state.lastSeq = reply.seq;
  store.setItem('mmcc.lastSeq', String(state.lastSeq));
  $('last-payload').textContent = JSON.stringify(reply.payload, null, 2);
  showButtons(reply.payload);
  void showProgress(reply.activity);
}

function send(message) {
  if (!state.socket?.connected) return;
  $('error').textContent = '';
  // The id lets this tab recognise its own line when the reply comes back carrying it.
  const id = crypto.randomUUID();
  conversation.sent(id, message);
  state.socket.emit('message', { ...message, id }, (answer) => {
    if (!answer?.code) return;
    conversation.failed(id);
    $('error').textContent = `${answer.code}: ${answer.message}`;
  });
}

/** Connects: a new interaction when `fresh`, else the stored one, replaying every reply (lastSeq 0). */
async function connect(fresh) {
  state.socket?.disconnect();
  conversation.clear();
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
  await drawDiagram(state.process);
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
    $('error').textContent = `${error.code}: ${error.message}`;
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
$('process').onchange = () => void connect(true);

(async () => {
  const { processes, auth, default: fallback } = await getJson('/processes');
  $('token-field').hidden = auth !== 'jwt';
  $('process').replaceChildren(...processes.map((p) => new Option(p.name, p.name)));
  $('process').value = store.getItem('mmcc.process') ?? fallback;
  $('uid').value = store.getItem('mmcc.uid') ?? '';
  await connect(false);
})().catch((error) => ($('error').textContent = error.message));
