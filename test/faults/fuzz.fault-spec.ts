import WebSocket from 'ws';
import { connectIo, type IoClient } from '../support/clients.js';
import { type ServerProcess } from '../support/server-process.js';
import { openStore } from '../support/store.js';
import { http } from '../support/test-app.js';
import { FAULT_FIXTURES, pool, rssMb, sleep, summary, useFaultServers } from './support/faults.js';
import { invalidMessage, invalidUtf8, notJson, type Random, random } from './support/hostile.js';

const FRAMES = 10_000;
const ROUNDS = 4;
const BATCH = 100;
const MAX_FRAME = 262_144;

/** What one hostile frame is, and what the server must do about it. */
type Frame = { data: string | Buffer; binary?: boolean; expect: 'error' | 'close' };

/** A raw WebSocket, with its frames queued for the test to take in order. */
class RawSocket {
  readonly frames: string[] = [];
  private waiter: (() => void) | undefined;
  readonly closed: Promise<number>;
  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer) => {
      this.frames.push(data.toString());
      this.waiter?.();
    });
    ws.on('error', () => undefined);
    this.closed = new Promise((resolve) => ws.on('close', (code) => resolve(code)));
  }
  static async open(url: string): Promise<RawSocket> {
    const socket = new RawSocket(new WebSocket(url, { maxPayload: 16 * 1024 * 1024 }));
    await new Promise((resolve, reject) => {
      socket.ws.once('open', resolve);
      socket.ws.once('error', reject);
    });
    return socket;
  }
  /** The next frame that matches, skipping the others; fails after a timeout. */
  async take(match: (frame: string) => boolean = () => true, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const index = this.frames.findIndex(match);
      if (index >= 0) return this.frames.splice(index, 1)[0];
      if (Date.now() > deadline) throw new Error(`no frame in time; have ${this.frames.length}`);
      await Promise.race([new Promise<void>((resolve) => (this.waiter = resolve)), sleep(100)]);
    }
  }
  send(frame: Frame): void {
    this.ws.send(frame.data, { binary: frame.binary === true });
  }
}

/** A frame that must close the connection, for the transports that read raw frames. */
const closingFrame = (r: Random, prefix: string): Frame =>
  r.pick<() => Frame>([
    () => ({ data: invalidUtf8(r), binary: false, expect: 'close' }),
    () => ({ data: prefix + 'x'.repeat(MAX_FRAME + r.int(50_000)), expect: 'close' }),
    () => ({ data: 'truncated', expect: 'close' }),
  ])();

/** A WebSocket frame cut short on the wire: a header that promises more bytes than ever come. */
function sendTruncated(socket: RawSocket): void {
  const raw = (socket.ws as unknown as { _socket: import('node:net').Socket })._socket;
  raw.write(Buffer.from([0x81, 0xfe, 0x01, 0x00, 1, 2, 3, 4, 0x7b, 0x22]));
  raw.destroy();
}

describe('hostile input on every transport', () => {
  const fault = useFaultServers();
  let server: ServerProcess;
  const interactions: Record<string, { uid: string; id: string }> = {};

  beforeAll(async () => {
    server = await fault.start({
      CONFIG_DIR: FAULT_FIXTURES,
      DEFAULT_PROCESS: 'merge',
      SOCKET_MAX_FRAME_BYTES: String(MAX_FRAME),
      // The plain WebSocket rounds send a batch of frames before reading their replies: more than the
      // default TURN_QUEUE_LIMIT, which would close the connection (a flood, tested in reference-ws).
      TURN_QUEUE_LIMIT: String(BATCH),
    });
    for (const name of ['io', 'raw', 'ws', 'rest']) {
      const uid = `fuzz-${name}`;
      const started = await http('POST', `${server.url}/interactions`, { body: { uid } });
      interactions[name] = { uid, id: started.body.interaction };
    }
  });

  it('answers every frame with BAD_MESSAGE or a closed connection, stays up and flat, and changes nothing', async () => {
    const url = server!.url;
    const pid = server!.child.pid!;
    const snapshot = async () => {
      const { store, close } = await openStore(fault.db.env);
      try {
        const all: Record<string, unknown> = {};
        for (const [name, { id }] of Object.entries(interactions)) {
          const found = await store.find(id);
          all[name] = {
            state: found!.state,
            lastSeq: found!.lastSeq,
            transcript: await store.transcript(id, 0),
          };
        }
        return all;
      } finally {
        await close();
      }
    };
    const before = await snapshot();
    const r = random(20261123);
    const counts = { io: 0, raw: 0, ws: 0, rest: 0, closed: 0, wrong: 0 };
    const wrong: string[] = [];
    const check = (ok: boolean, what: string) => {
      if (!ok) {
        counts.wrong += 1;
        if (wrong.length < 10) wrong.push(what.slice(0, 300));
      }
    };
    let rssBaseline = 0;
    let rssMax = 0;
    const sampleRss = () => (rssMax = Math.max(rssMax, rssMb(pid)));

    /** One round of hostile frames: `frames` per socket transport, a fifth of that as REST bodies. */
    const round = async (frames: number) => {
      // 1. socket.io, through the client: wrong types and shapes as `message` events, with acks.
      const { uid: ioUid, id: ioId } = interactions.io;
      const io: IoClient = connectIo(url, { uid: ioUid, interaction: ioId });
      await io.next('session');
      const ioFrames = frames / 2;
      for (let sent = 0; sent < ioFrames; sent += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, ioFrames - sent) }, () => {
          const text = invalidMessage(r);
          return JSON.parse(text) as unknown;
        });
        const acks = await Promise.all(
          batch.map((value) => io.socket.timeout(10_000).emitWithAck('message', value)),
        );
        acks.forEach((ack, i) =>
          check(
            ack?.code === 'BAD_MESSAGE',
            `io ${JSON.stringify(batch[i])} -> ${JSON.stringify(ack)}`,
          ),
        );
        counts.io += batch.length;
        sampleRss();
      }
      io.close();

      // 2. socket.io, raw engine.io packets: events with acks, then broken packets that must close it.
      const { uid: rawUid, id: rawId } = interactions.raw;
      const openRaw = async () => {
        const socket = await RawSocket.open(
          `${url.replace('http', 'ws')}/socket.io/?EIO=4&transport=websocket`,
        );
        await socket.take((f) => f.startsWith('0'));
        socket.ws.send(`40${JSON.stringify({ uid: rawUid, interaction: rawId })}`);
        await socket.take((f) => f.startsWith('42["session"'));
        socket.ws.on('message', (data: Buffer) => data.toString() === '2' && socket.ws.send('3'));
        return socket;
      };
      let raw = await openRaw();
      let ackId = 0;
      for (let sent = 0; sent < frames / 2;) {
        const batch = Array.from({ length: BATCH - 1 }, () => {
          ackId += 1;
          return { id: ackId, data: `42${ackId}["message",${invalidMessage(r)}]` };
        });
        for (const frame of batch) raw.ws.send(frame.data);
        for (const frame of batch) {
          const ack = await raw.take((f) => f.startsWith(`43${frame.id}[`));
          const body = JSON.parse(ack.slice(`43${frame.id}`.length))[0];
          check(body?.code === 'BAD_MESSAGE', `raw ${frame.data.slice(0, 200)} -> ${ack}`);
        }
        raw.frames.splice(0, raw.frames.length);
        // One packet the socket.io parser cannot read: the connection closes.
        const broken = r.pick<() => Frame>([
          () => ({ data: `42["message",${notJson(r)}`, expect: 'close' }),
          () => ({ data: `42${JSON.stringify({ type: 'data' })}`, expect: 'close' }),
          () => ({ data: `4${notJson(r)}x`, expect: 'close' }),
          () => ({ data: `9${notJson(r)}`, expect: 'close' }),
          () => ({ data: Buffer.from(invalidMessage(r)), binary: true, expect: 'close' }),
          () => closingFrame(r, '42["message",'),
        ])();
        if (broken.data === 'truncated') sendTruncated(raw);
        else raw.send(broken);
        const code = await Promise.race([raw.closed, sleep(10_000).then(() => -1)]);
        check(code !== -1, `raw ${String(broken.data).slice(0, 100)} did not close the connection`);
        raw.ws.terminate();
        counts.raw += batch.length + 1;
        counts.closed += 1;
        sent += batch.length + 1;
        sampleRss();
        raw = await openRaw();
      }
      raw.ws.terminate();

      // 3. the plain WebSocket: every frame gets one reply, in order; some frames must close it.
      const { uid: wsUid, id: wsId } = interactions.ws;
      const openWs = () =>
        RawSocket.open(`${url.replace('http', 'ws')}/ws?uid=${wsUid}&interaction=${wsId}`);
      let ws = await openWs();
      for (let sent = 0; sent < frames;) {
        const batch: Frame[] = Array.from({ length: BATCH - 1 }, () =>
          r.pick<() => Frame>([
            () => ({ data: invalidMessage(r), expect: 'error' }),
            () => ({ data: invalidMessage(r), expect: 'error' }),
            () => ({ data: notJson(r), expect: 'error' }),
            () => ({ data: Buffer.from(invalidMessage(r)), binary: true, expect: 'error' }),
          ])(),
        );
        for (const frame of batch) ws.send(frame);
        for (const frame of batch) {
          const reply = await ws.take();
          check(
            JSON.parse(reply).code === 'BAD_MESSAGE',
            `ws ${String(frame.data).slice(0, 200)} -> ${reply}`,
          );
        }
        const closing = closingFrame(r, '');
        if (closing.data === 'truncated') sendTruncated(ws);
        else ws.send(closing);
        const code = await Promise.race([ws.closed, sleep(10_000).then(() => -1)]);
        check(code !== -1, `ws ${String(closing.data).slice(0, 100)} did not close the connection`);
        ws.ws.terminate();
        counts.ws += batch.length + 1;
        counts.closed += 1;
        sent += batch.length + 1;
        sampleRss();
        ws = await openWs();
      }
      ws.ws.terminate();

      // 4. REST bodies: 400 BAD_MESSAGE, or 413 over MAX_BODY_BYTES; never a 5xx.
      const { uid: restUid, id: restId } = interactions.rest;
      const bodies = Array.from({ length: frames / 5 }, () =>
        r.pick<() => Buffer | string>([
          () => invalidMessage(r),
          () => invalidMessage(r),
          () => notJson(r),
          () => invalidUtf8(r),
        ])(),
      );
      await pool(bodies, 16, async (body) => {
        const response = await fetch(`${url}/interactions/${restId}/messages`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-user-id': restUid },
          body: body as BodyInit,
        });
        const answer = (await response.json()) as { code?: string };
        check(
          (response.status === 400 && answer.code === 'BAD_MESSAGE') ||
            (response.status === 413 && answer.code === 'PAYLOAD_TOO_LARGE'),
          `rest ${String(body).slice(0, 200)} -> ${response.status} ${JSON.stringify(answer)}`,
        );
        counts.rest += 1;
      });
    };

    // The first rounds warm the server up (V8 grows its heap to the load); the last must not grow it.
    const rounds: number[] = [];
    for (let i = 0; i < ROUNDS; i += 1) {
      await round(FRAMES / ROUNDS);
      await sleep(500);
      rounds.push(rssMb(pid));
    }
    rssBaseline = rounds[ROUNDS - 2];

    await sleep(1_000);
    const rssAfter = rssMb(pid);
    sampleRss();
    expect(wrong).toEqual([]);
    expect(server!.child.exitCode).toBeNull();
    expect((await http('GET', `${url}/health`)).status).toBe(200);
    // Nothing the fuzz sent changed an interaction or its transcript.
    expect(await snapshot()).toEqual(before);
    // Memory: flat once warmed up (the huge frames are garbage the moment they are refused).
    expect(rssAfter).toBeLessThan(rssBaseline * 1.1 + 8);

    // Prototype pollution: the merge callback follows every key it gets, and reports Object.prototype.
    const { uid, id } = interactions.io;
    const io = connectIo(url, { uid, interaction: id });
    await io.next('session');
    for (const hostile of [
      '{"__proto__":{"polluted":true}}',
      '{"a":{"__proto__":{"polluted":true}}}',
      '{"constructor":{"prototype":{"polluted":true}}}',
    ]) {
      const refused = await io.send({ type: 'data', payload: JSON.parse(hostile) });
      expect(refused).toMatchObject({ code: 'BAD_MESSAGE' });
    }
    const merged = await io.send({ type: 'data', payload: { a: { b: 1 } }, id: 'clean' });
    expect(merged).toMatchObject({ utterance: 'merged', payload: { polluted: [] } });
    io.close();
    const { store, close } = await openStore(fault.db.env);
    try {
      const context = (await store.find(id))!.state.context;
      expect(context.merged).toEqual({ a: { b: 1 } });
      expect(Object.getPrototypeOf(context)).toBe(Object.prototype);
      expect(JSON.stringify(context)).not.toMatch(/polluted|__proto__|prototype/);
    } finally {
      await close();
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();

    summary('hostile-input', {
      frames_socketio: counts.io + counts.raw,
      frames_ws: counts.ws,
      bodies_rest: counts.rest,
      connections_closed: counts.closed,
      wrong_answers: counts.wrong,
      state_changes: 0,
      polluted: 0,
      rss_rounds_mb: rounds.join('/'),
      rss_baseline_mb: rssBaseline,
      rss_after_mb: rssAfter,
      max_rss_mb: rssMax,
    });
  });
});
