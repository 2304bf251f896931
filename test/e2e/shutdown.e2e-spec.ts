import { connect } from 'node:net';
import WebSocket from 'ws';
import { connectIo, connectWs, opened, wsUrl } from '../support/clients.js';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';
import { connectRasa } from '../support/widget-clients.js';

const SHUTDOWN_TIMEOUT_MS = 3000;

describe.each(testDatabases())('SIGTERM on %s', (kind) => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  afterAll(() => db?.drop());

  it('delivers and persists the turn in flight, then exits 0', async () => {
    const env = { ...db.env, CONFIG_DIR: FIXTURES_CONFIG };
    const server = await startServer(env);
    const started = await http('POST', `${server.url}/interactions`, {
      body: { uid: 'tess', process: 'slow' },
    });
    const id = started.body.interaction as string;
    const inFlight = http('POST', `${server.url}/interactions/${id}/messages`, {
      uid: 'tess',
      body: { type: 'data', payload: { ms: 1500 }, id: 'slow-1' },
    });
    await new Promise((r) => setTimeout(r, 400));
    const exited = server.stop('SIGTERM');
    const reply = await inFlight;
    expect(reply.status).toBe(200);
    expect(reply.body).toMatchObject({ utterance: 'waited 1500 ms', seq: 2 });
    expect(await exited).toBe(0);
    expect(server.output()).toContain('waiting for 1 turn(s) in flight');

    const again = await startServer(env);
    try {
      const transcript = await http('GET', `${again.url}/interactions/${id}/messages`, {
        uid: 'tess',
      });
      expect(transcript.body.map((e: any) => e.messageId)).toEqual([null, 'slow-1']);
    } finally {
      await again.stop();
    }
  });

  it('closes the idle clients of every transport (1001 on WebSockets) and exits within SHUTDOWN_TIMEOUT_MS', async () => {
    const server = await startServer({
      ...db.env,
      CONFIG_DIR: FIXTURES_CONFIG,
      SHUTDOWN_TIMEOUT_MS: String(SHUTDOWN_TIMEOUT_MS),
    });
    const ws = connectWs(wsUrl(server.url, '/ws?uid=idle'));
    await opened(ws);
    await ws.next();
    const socketIo = connectIo(server.url, { uid: 'idle' });
    await socketIo.next('session');
    const rasa = connectRasa(server.url);
    await new Promise<void>((resolve) => rasa.socket.once('connect', () => resolve()));
    const token = (
      await http('POST', `${server.url}/v3/directline/tokens/generate`, {
        body: { user: { id: 'idle' } },
      })
    ).body;
    const stream = new WebSocket(
      wsUrl(
        server.url,
        `/v3/directline/conversations/${token.conversationId}/stream?t=${token.token}`,
      ),
    );
    stream.on('error', () => undefined);
    await new Promise((resolve) => stream.once('message', resolve));
    const streamClosed = new Promise<number>((resolve) => stream.once('close', resolve));
    // A client that sends half a request and waits.
    const half = connect(Number(new URL(server.url).port), '127.0.0.1');
    half.on('error', () => undefined);
    await new Promise((resolve) => half.once('connect', resolve));
    half.write('GET /health HTTP/1.1\r\nHost: x\r\n');
    const disconnected = (socket: { once(event: 'disconnect', f: (r: string) => void): unknown }) =>
      new Promise<string>((resolve) => socket.once('disconnect', resolve));
    const ioGone = disconnected(socketIo.socket);
    const rasaGone = disconnected(rasa.socket);

    const began = Date.now();
    expect(await server.stop('SIGTERM')).toBe(0);
    expect(Date.now() - began).toBeLessThan(SHUTDOWN_TIMEOUT_MS);
    expect(await ws.closed).toBe(1001);
    expect(await streamClosed).toBe(1001);
    expect(await ioGone).toMatch(/transport close|io server disconnect/);
    expect(await rasaGone).toMatch(/transport close|io server disconnect/);
  });
});
