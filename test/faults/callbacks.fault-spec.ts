import { closeAllWs, connectIo, connectWs, wsUrl } from '../support/clients.js';
import { openStore } from '../support/store.js';
import { http } from '../support/test-app.js';
import { rssSampler, summary, useFaultServers } from './support/faults.js';

const CALLBACK_TIMEOUT_MS = 500;
const FAILURES = ['throw', 'garbage', 'hang'] as const;

describe('callbacks that throw, hang or return garbage', () => {
  const fault = useFaultServers();
  afterAll(() => closeAllWs());

  it('refuse the step with STEP_FAILED on every transport, change nothing, and the server keeps serving', async () => {
    const server = await fault.start({
      DEFAULT_PROCESS: 'faulty',
      CALLBACK_TIMEOUT_MS: String(CALLBACK_TIMEOUT_MS),
    });
    const url = server.url;
    const rss = rssSampler(server.child.pid!);

    // One interaction per transport, each with a way to send a message and get its answer.
    const io = connectIo(url, { uid: 'cb-io' });
    const ioId = (await io.next('session')).interaction as string;
    await io.next('message');
    const ws = connectWs(wsUrl(url, '/ws?uid=cb-ws'));
    const wsId = await ws.next();
    await ws.nextJson();
    const rest = await http('POST', `${url}/interactions`, { body: { uid: 'cb-rest' } });
    const transports = [
      { name: 'socket.io', id: ioId, send: (m: unknown) => io.send(m) },
      {
        name: 'ws',
        id: wsId,
        send: (m: unknown) => (ws.send(m), ws.nextJson()),
      },
      {
        name: 'rest',
        id: rest.body.interaction as string,
        send: async (m: unknown) => {
          const r = await http('POST', `${url}/interactions/${rest.body.interaction}/messages`, {
            uid: 'cb-rest',
            body: m,
          });
          return { ...r.body, status: r.status };
        },
      },
    ];
    const { store, close } = await openStore(fault.db.env);
    let refused = 0;
    let changed = 0;
    let servedDuringHang = 0;
    try {
      for (const transport of transports) {
        const before = await store.find(transport.id);
        for (const fail of FAILURES) {
          const started = Date.now();
          // While a callback hangs, another interaction is served at once.
          const during =
            fail === 'hang'
              ? http('POST', `${url}/interactions`, { body: { uid: 'bystander' } }).then((r) => {
                  expect(r.status).toBe(201);
                  servedDuringHang += 1;
                  return Date.now() - started;
                })
              : Promise.resolve(0);
          const answer = await transport.send({ type: 'data', payload: { fail } });
          expect(answer).toMatchObject({ code: 'STEP_FAILED', retryable: false });
          expect(answer.message ?? answer.error).toMatch(
            fail === 'hang'
              ? /did not answer|timed out|took longer/
              : /callback of activity "count"/,
          );
          if (transport.name === 'rest') expect(answer.status).toBe(422);
          expect(await during).toBeLessThan(CALLBACK_TIMEOUT_MS);
          refused += 1;
          const after = await store.find(transport.id);
          if (JSON.stringify(after!.state) !== JSON.stringify(before!.state)) changed += 1;
          expect(after!.state).toEqual(before!.state);
          expect(after!.state.context.touched).toBeUndefined();
          expect(after!.lastSeq).toBe(1);
        }
        // ...and the same interaction carries on.
        const ok = await transport.send({ type: 'data', payload: { finish: false } });
        expect(ok).toMatchObject({ utterance: 'ok', seq: 2 });
        expect((await store.find(transport.id))!.state.context.touched).toBe(true);
      }
    } finally {
      await close();
      io.close();
      ws.close();
    }
    expect(server.child.exitCode).toBeNull();
    summary('callback-failures', {
      transports: transports.length,
      refused,
      state_changes: changed,
      served_during_hang: servedDuringHang,
      max_rss_mb: rss.stop(),
    });
  });
});
