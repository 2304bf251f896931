import { http } from '../support/test-app.js';
import { until } from '../support/network.js';
import { openFds, openRawWebSocket, rawExchange } from '../support/raw-socket.js';
import type { ServerProcess } from '../support/server-process.js';
import { hostileFrame, normalClose, rawRequest } from './support/doors.js';
import { random } from './support/hostile.js';
import { pool, summary, useFaultServers } from './support/faults.js';

const SEED = Number(process.env.FAULTS_SEED ?? 22);
const ROUNDS = 3;
const REQUESTS = 400;
const FRAMES = 60;
const MAX_FRAME = 65_536;
const ADMIN_TOKEN = 'doors-admin-token-0123456789';
/** Descriptors a round may leave above the baseline (a pooled database connection, a timer's fd). */
const FD_MARGIN = 5;

/** How long the server has to answer or close: its own closing handshake is 1 s. */
const WAIT_MS = 3000;

describe('the doors under raw requests and frames', () => {
  const fault = useFaultServers();
  let server: ServerProcess;
  const keep = { uid: 'keeper', rest: '', ws: '', directline: { id: '', token: '' } };

  const admin = (id: string) =>
    http('GET', `${server.url}/admin/interactions/${id}`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
  const snapshot = async () =>
    Promise.all(
      [keep.rest, keep.ws, keep.directline.id].map(async (id) => {
        const view = await admin(id);
        expect(view.status).toBe(200);
        return view.body;
      }),
    );

  beforeAll(async () => {
    server = await fault.start({
      ADMIN_TOKEN,
      DEFAULT_PROCESS: 'counter',
      SOCKET_MAX_FRAME_BYTES: String(MAX_FRAME),
    });
    const rest = await http('POST', `${server.url}/interactions`, { body: { uid: keep.uid } });
    keep.rest = rest.body.interaction;
    keep.ws = (
      await http('POST', `${server.url}/interactions`, { body: { uid: keep.uid } })
    ).body.interaction;
    const token = await http('POST', `${server.url}/v3/directline/tokens/generate`, {
      body: { user: { id: keep.uid } },
    });
    keep.directline = { id: token.body.conversationId, token: token.body.token };
  });

  /** The WebSocket endpoints, each opened properly, on the interactions kept. */
  const endpoints = () => [
    `/ws?uid=${keep.uid}&interaction=${keep.ws}`,
    '/socket.io/?EIO=4&transport=websocket',
    `/v3/directline/conversations/${keep.directline.id}/stream?t=${keep.directline.token}`,
  ];

  it('keeps the server up, holds no descriptor and changes no interaction', async () => {
    const r = random(SEED);
    const pid = server.child.pid!;
    const before = await snapshot();
    let requests = 0;
    let frames = 0;
    let unanswered = 0;
    let notClosed = 0;
    const failures: string[] = [];
    const round = async () => {
      const batch = Array.from({ length: REQUESTS }, () =>
        rawRequest(r, r.pick([keep.rest, keep.ws, keep.directline.id])),
      );
      await pool(batch, 40, async (request) => {
        requests += 1;
        const answer = await rawExchange(server.url, request.bytes, WAIT_MS);
        if (request.complete && answer.status === undefined && !answer.closed) {
          unanswered += 1;
          failures.push(`unanswered: ${request.bytes.slice(0, 120)}`);
        }
      });
      const sends = Array.from({ length: FRAMES }, () => ({
        endpoint: r.pick(endpoints()),
        frame: hostileFrame(r, MAX_FRAME),
      }));
      await pool(sends, 10, async ({ endpoint, frame }) => {
        frames += 1;
        const ws = await openRawWebSocket(server.url, endpoint);
        ws.send(frame.bytes);
        if (!frame.breaks) ws.send(normalClose());
        const closed = await Promise.race([
          ws.closed.then(() => true),
          new Promise<boolean>((resolve) => setTimeout(() => resolve(false), WAIT_MS)),
        ]);
        if (!closed) {
          notClosed += 1;
          failures.push(`not closed: ${frame.what} on ${endpoint.split('?')[0]}`);
          ws.socket.destroy();
        }
      });
    };
    // A warm-up round: the database pool and the server's caches reach their working size.
    await round();
    const baseline = openFds(pid);
    const rounds: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      await round();
      expect(server.child.exitCode, 'the server stopped').toBeNull();
      await until(
        `the descriptors back within ${FD_MARGIN} of ${baseline}`,
        async () => openFds(pid) <= baseline + FD_MARGIN,
        10_000,
      ).catch(() => undefined);
      rounds.push(openFds(pid));
    }
    const after = await snapshot();
    const changed = after.filter((view, i) => JSON.stringify(view) !== JSON.stringify(before[i]));
    summary('doors', {
      seed: SEED,
      rounds: ROUNDS + 1,
      requests_sent: requests,
      frames_sent: frames,
      unanswered,
      not_closed: notClosed,
      crashes: server.child.exitCode === null ? 0 : 1,
      state_changes: changed.length,
      fds_before: baseline,
      fds_after: rounds.at(-1)!,
      fds_rounds: rounds.join('/'),
    });
    expect(failures.slice(0, 5)).toEqual([]);
    expect(changed).toEqual([]);
    expect(Math.max(...rounds)).toBeLessThanOrEqual(baseline + FD_MARGIN);
    expect((await http('GET', `${server.url}/health`)).status).toBe(200);
  });
});
