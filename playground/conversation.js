// The chat as every tab shows it: each reply with the input that produced it above it, in seq order, once.
// The server sends the input with each reply (live and replayed), so a reload, a second tab or a restart
// shows both sides; the tab that sent a message matches its own line by the message id instead of adding it again.

/** JSON with sorted keys, so that two payloads that differ only in key order compare equal. */
function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value).sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * What the user sent, as they saw it: the text typed, the label of the button clicked (a data input equal to one
 * of the previous reply's buttons), else the JSON sent.
 */
export function describeInput(input, previous) {
  if (input.type === 'utterance') return { text: input.utterance, clicked: false };
  const buttons = Array.isArray(previous?.payload?.buttons) ? previous.payload.buttons : [];
  const wanted = canonical(input.payload);
  const button = buttons.find((b) => canonical(b.data) === wanted);
  return button ? { text: button.label, clicked: true } : { text: JSON.stringify(input.payload), clicked: false };
}

export class Conversation {
  /** @param list the <ol> the lines go in */
  constructor(list) {
    this.list = list;
    this.replies = new Map();
  }

  clear() {
    this.replies.clear();
    this.list.replaceChildren();
  }

  /** The newest reply shown, whose buttons the user sees. */
  latest() {
    return this.replies.get(Math.max(0, ...this.replies.keys()));
  }

  /** Shows a line the user sends now, before its reply; the reply that carries its id confirms it. */
  sent(id, input) {
    const line = this.line('user', describeInput(input, this.latest()));
    line.classList.add('pending');
    line.dataset.messageId = id;
    this.list.append(line);
    this.scroll();
  }

  /** A line of the page's own (an error), after everything shown so far. */
  notice(text) {
    const line = this.line('notice', { text });
    line.setAttribute('role', 'alert');
    this.list.append(line);
    this.scroll();
  }

  /** The message was refused: its line stays, marked, with no reply under it. */
  failed(id) {
    this.pendingLine(id)?.classList.replace('pending', 'failed');
  }

  /** Adds a reply (and its input) in its place; false when this tab already shows it. */
  add(reply) {
    if (this.replies.has(reply.seq)) return false;
    this.replies.set(reply.seq, reply);
    const lines = [];
    if (reply.input) {
      const own = reply.id ? this.pendingLine(reply.id) : null;
      own?.classList.remove('pending');
      lines.push(own ?? this.line('user', describeInput(reply.input, this.replies.get(reply.seq - 1))));
    }
    lines.push(this.line('bot', { text: reply.utterance || '…' }));
    // Before the first later turn, and before lines still waiting for their reply.
    const after = [...this.list.children].find(
      (li) => !lines.includes(li) && (li.classList.contains('pending') || Number(li.dataset.seq) > reply.seq),
    );
    for (const line of lines) {
      line.dataset.seq = String(reply.seq);
      this.list.insertBefore(line, after ?? null);
    }
    this.scroll();
    return true;
  }

  pendingLine(id) {
    return [...this.list.querySelectorAll('li.pending')].find((li) => li.dataset.messageId === id) ?? null;
  }

  line(who, { text, clicked }) {
    const item = document.createElement('li');
    item.className = who;
    if (clicked) item.classList.add('clicked');
    item.textContent = text;
    return item;
  }

  scroll() {
    this.list.scrollTop = this.list.scrollHeight;
  }
}
