// One interaction in the console: its whole transcript, live; its context and kb; its place on the diagram;
// its user (export, erase); and the takeover (take over, write as a person, release).
import { call, get } from './api.js';

const $ = (id) => document.getElementById(id);

export class Detail {
  constructor({ diagram, show, reload }) {
    Object.assign(this, { diagram, show, reload, id: null, seen: new Set(), path: [], socket: null });
    $('takeover').onclick = () => this.act('takeover');
    $('release').onclick = () => this.act('release', { activity: $('release-at').value || undefined });
    $('say').onsubmit = (event) => {
      event.preventDefault();
      const text = $('operator-text').value;
      if (text.trim() === '') return;
      this.act('operator-messages', { text }).then(() => ($('operator-text').value = ''));
    };
    $('export').onclick = () => this.exportUser().catch(show);
    $('erase').onclick = () => this.eraseUser().catch(show);
  }

  async open(id) {
    if (this.id !== null) this.socket?.emit('unwatch', this.id);
    this.id = id;
    this.seen = new Set();
    this.path = [];
    $('detail').hidden = false;
    $('transcript').replaceChildren();
    this.socket?.emit('watch', id);
    const [interaction, transcript] = await Promise.all([
      get(`/admin/interactions/${id}`),
      get(`/admin/interactions/${id}/transcript`),
    ]);
    this.interaction = interaction;
    for (const entry of transcript) this.append(entry);
    this.describe(interaction);
    await this.user(interaction.uid);
  }

  /** Closes the open interaction (another process was picked: the diagram is no longer its). */
  close() {
    if (this.id !== null) this.socket?.emit('unwatch', this.id);
    this.id = null;
    this.interaction = undefined;
    $('detail').hidden = true;
  }

  describe(interaction) {
    $('detail-id').textContent = `${interaction.interaction} · ${interaction.process} · ${interaction.processVersion}`;
    $('detail-status').textContent = interaction.status;
    $('detail-status').dataset.status = interaction.status;
    $('context').textContent = JSON.stringify(interaction.context, null, 2);
    $('kb').textContent = JSON.stringify(interaction.state.kb, null, 2);
    const held = interaction.status === 'held';
    $('takeover').disabled = held || interaction.status === 'completed';
    $('say').querySelector('button').disabled = !held;
    $('operator-text').disabled = !held;
    $('release').disabled = !held && interaction.status !== 'handoff';
    const activities = [...new Set([interaction.activity, ...(this.activities ?? [])])];
    $('release-at').replaceChildren(new Option(`${interaction.activity} (where it is)`, ''), ...activities.slice(1).map((a) => new Option(a, a)));
    this.diagram.position(interaction.activity, this.path);
  }

  /** A turn of the feed: shown if it belongs to the open interaction, then its state read again. */
  onTurn({ interaction, reply, input }) {
    if (interaction !== this.id) return;
    this.append({ seq: reply.seq, input, reply, createdAt: new Date().toISOString() });
    get(`/admin/interactions/${interaction}`)
      .then(async (i) => {
        this.interaction = i;
        this.describe(i);
        // its end may have taught the user's kb something
        if (reply.status === 'completed') await this.user(i.uid);
      })
      .catch(this.show);
  }

  append({ seq, input, reply }) {
    if (this.seen.has(seq)) return;
    this.seen.add(seq);
    this.path.push(reply.activity);
    const line = (who, text, extra = '') => {
      const item = document.createElement('li');
      item.className = `${who} ${extra}`.trim();
      item.dataset.seq = String(seq);
      item.textContent = text;
      $('transcript').append(item);
    };
    if (input !== null)
      line('user', input.type === 'utterance' ? input.utterance : JSON.stringify(input.payload), reply.status === 'held' || reply.status === 'handoff' ? 'held' : '');
    if (reply.utterance !== '') line(reply.from === 'operator' ? 'operator' : 'bot', reply.utterance);
    else if (input === null && seq > 1) line('event', `${reply.status === 'held' ? 'taken over' : reply.status === 'handoff' ? 'waiting for a person' : 'released'} at ${reply.activity}`);
    $('transcript').lastElementChild?.scrollIntoView({ block: 'nearest' });
  }

  async act(what, body = {}) {
    this.show();
    try {
      await call('POST', `/admin/interactions/${this.id}/${what}`, body);
      this.describe((this.interaction = await get(`/admin/interactions/${this.id}`)));
      if (what !== 'operator-messages') this.reload();
    } catch (error) {
      this.show(error);
    }
  }

  async user(uid) {
    $('user-uid').textContent = uid;
    const [page, knowledge, process] = await Promise.all([
      get(`/admin/interactions?uid=${encodeURIComponent(uid)}&limit=50`),
      get(`/admin/users/${encodeURIComponent(uid)}/knowledge`),
      get(`/admin/processes/${encodeURIComponent(this.interaction.process)}`),
    ]);
    this.activities = process.activityList.map((a) => a.id);
    this.describe(this.interaction);
    $('user-interactions').replaceChildren(
      ...page.items.map((i) => {
        const item = document.createElement('li');
        item.textContent = `${i.createdAt.slice(0, 16).replace('T', ' ')} ${i.process} · ${i.status} at ${i.activity}`;
        return item;
      }),
    );
    $('user-knowledge').textContent = JSON.stringify(knowledge, null, 2);
  }

  async exportUser() {
    const uid = this.interaction.uid;
    const document_ = await get(`/admin/users/${encodeURIComponent(uid)}/export`);
    const blob = new Blob([JSON.stringify(document_, null, 2)], { type: 'application/json' });
    Object.assign(document.createElement('a'), { href: URL.createObjectURL(blob), download: `user-${uid}.json` }).click();
    $('user-info').textContent = `exported ${document_.interactions.length} interaction(s)`;
  }

  async eraseUser() {
    const uid = this.interaction.uid;
    if (!confirm(`Erase everything stored about ${uid}? This cannot be undone.`)) return;
    const { erased } = await call('DELETE', `/admin/users/${encodeURIComponent(uid)}`);
    $('user-info').textContent = `erased ${erased.interactions} interaction(s), ${erased.turns} turn(s), ${erased.knowledge} knowledge row(s)`;
    $('detail').hidden = true;
    this.id = null;
    this.reload();
  }
}
