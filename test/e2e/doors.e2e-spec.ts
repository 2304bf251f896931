import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { until } from '../support/network.js';
import {
  closePayload,
  encodeFrame,
  openFds,
  openRawWebSocket,
  rawExchange,
  upgradeRequest,
} from '../support/raw-socket.js';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

const MAX_FRAME = 4096;

/** Whether the server process is still running. */
const alive = (server: ServerProcess) =>
  server.child.exitCode === null && server.child.signalCode === null;

/** A Direct Line conversation's stream path, with a fresh token for it. */
async function streamTarget(url: string, uid: string): Promise<string> {
  const generated = await http('POST', `${url}/v3/directline/tokens/generate`, {
    body: { user: { id: uid } },
  });
  const { conversationId, token } = generated.body;
  return `/v3/directline/conversations/${conversationId}/stream?t=${token}`;
}

// Each finding gets a server of its own: one that a request stopped must not fail the next test.
describe.each(testDatabases())('the doors of the built server on %s', (kind) => {
  let db: TestDatabase;
  let server: ServerProcess;
  beforeAll(async () => {
    db = await createTestDatabase(kind);
  });
  beforeEach(async () => {
    server = await startServer({
      ...db.env,
      CONFIG_DIR: FIXTURES_CONFIG,
      SOCKET_MAX_FRAME_BYTES: String(MAX_FRAME),
    });
  });
  afterEach(() => server?.stop('SIGKILL'));
  afterAll(() => db?.drop());

  it('answers upgrades with a broken target or percent-encoding with 400, closes them, and stays up', async () => {
    for (const target of [
      'http://[/ws',
      '/v3/directline/conversations/%E0/stream',
      '*',
      '//[/socket.io/?EIO=4&transport=websocket',
    ]) {
      const answer = await rawExchange(server.url, upgradeRequest(target));
      expect({ target, status: answer.status, closed: answer.closed }).toEqual({
        target,
        status: 400,
        closed: true,
      });
      expect(answer.text).toContain('"code":"BAD_MESSAGE"');
    }
    // A plain request with such a target is Express's to answer (it cannot route it: 404).
    const plain = await rawExchange(
      server.url,
      'GET http://[/interactions HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect([plain.status, plain.closed]).toEqual([404, true]);
    expect(alive(server)).toBe(true);
    expect((await http('GET', `${server.url}/health`)).status).toBe(200);
  });

  it('answers and closes at once the upgrades no transport takes, and holds no descriptor for them', async () => {
    const before = openFds(server.child.pid!);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        rawExchange(
          server.url,
          upgradeRequest(
            i % 2 === 0
              ? `http://127.0.0.1/socket.io/?EIO=4&transport=websocket&n=${i}`
              : `/nope/${i}`,
          ),
          2000,
        ),
      ),
    );
    expect(answers.map((a) => [a.status, a.closed])).toEqual(
      answers.map((_, i) => [i % 2 === 0 ? 400 : 404, true]),
    );
    await until(
      'the descriptors are released',
      async () => openFds(server.child.pid!) <= before + 2,
    );
  });

  it('closes a Direct Line stream on a bad frame with its protocol code, and stays up', async () => {
    const cases: [string, Buffer, number][] = [
      ['unmasked', encodeFrame({ opcode: 1, payload: Buffer.from('hi'), masked: false }), 1002],
      ['invalid UTF-8', encodeFrame({ opcode: 1, payload: Buffer.from([0xc3, 0x28]) }), 1007],
      [
        'over the size limit',
        encodeFrame({ opcode: 1, payload: Buffer.alloc(MAX_FRAME + 1, 97) }),
        1009,
      ],
      ['reserved bits', encodeFrame({ opcode: 1, payload: Buffer.from('x'), rsv: 2 }), 1002],
      ['unknown opcode', encodeFrame({ opcode: 0x5, payload: Buffer.from('x') }), 1002],
      ['bad close code', encodeFrame({ opcode: 8, payload: closePayload(999) }), 1002],
    ];
    for (const [what, bytes, code] of cases) {
      const ws = await openRawWebSocket(server.url, await streamTarget(server.url, 'mal'));
      ws.send(bytes);
      expect({ what, code: await ws.closed }).toEqual({ what, code });
    }
    expect(alive(server)).toBe(true);
    expect((await http('GET', `${server.url}/health`)).status).toBe(200);
  });
});
