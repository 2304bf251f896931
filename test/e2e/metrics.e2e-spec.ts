import { useTestApp } from '../support/fixtures.js';
import { closeAllWs, connectIo, connectWs, wsUrl } from '../support/clients.js';
import { testDatabases } from '../support/databases.js';
import { http } from '../support/test-app.js';
import { until } from '../support/network.js';
import { connectRasa } from '../support/widget-clients.js';

/** The value of one sample of the Prometheus text, or undefined. */
async function sample(
  app: { url: string },
  name: string,
  labels: string,
): Promise<number | undefined> {
  const text = await (await fetch(`${app.url}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
}

describe.each(testDatabases())('GET /metrics on %s', (kind) => {
  const app = useTestApp(kind, { DEFAULT_PROCESS: 'quickstart' });
  afterAll(async () => {
    closeAllWs();
  });

  it('counts turns, times them, counts errors by code and open sockets by transport', async () => {
    const response = await fetch(`${app.url}/metrics`);
    expect(response.headers.get('content-type')).toContain('text/plain');
    expect(
      await sample(app, 'mmcc_turns_total', 'process="quickstart",outcome="ok"'),
    ).toBeUndefined();

    const started = await http('POST', `${app.url}/interactions`, { body: { uid: 'm' } });
    for (const utterance of ['a', 'b']) {
      await http('POST', `${app.url}/interactions/${started.body.interaction}/messages`, {
        uid: 'm',
        body: { type: 'utterance', utterance },
      });
    }
    expect(await sample(app, 'mmcc_turns_total', 'process="quickstart",outcome="ok"')).toBe(2);
    expect(await sample(app, 'mmcc_turn_duration_seconds_count', 'process="quickstart"')).toBe(2);

    await http('POST', `${app.url}/interactions/${started.body.interaction}/messages`, {
      uid: 'm',
      body: { type: 'nope' },
    });
    await http('GET', `${app.url}/interactions/${started.body.interaction}`, { uid: 'other' });
    expect(await sample(app, 'mmcc_errors_total', 'code="BAD_MESSAGE"')).toBe(1);
    expect(await sample(app, 'mmcc_errors_total', 'code="INTERACTION_NOT_FOUND"')).toBe(1);

    const io = connectIo(app.url, { uid: 'm' });
    await io.next('session');
    const ws = connectWs(wsUrl(app.url, '/ws?uid=m&interaction=None'));
    await ws.next();
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="socket.io"')).toBe(1);
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="ws"')).toBe(1);
    // each socket endpoint by its own name: a Rasa socket is not counted as socket.io
    const rasa = connectRasa(app.url);
    await until(
      'the Rasa socket is counted',
      async () => (await sample(app, 'mmcc_connected_sockets', 'transport="rasa"')) === 1,
    );
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="socket.io"')).toBe(1);
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="directline"')).toBe(0);
    rasa.close();
    io.close();
    ws.close();
    await ws.closed;
    await new Promise((r) => setTimeout(r, 100));
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="socket.io"')).toBe(0);
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="ws"')).toBe(0);
    expect(await sample(app, 'mmcc_connected_sockets', 'transport="rasa"')).toBe(0);
    if (kind === 'postgres')
      expect(await sample(app, 'mmcc_db_pool_connections', 'state="total"')).toBeGreaterThan(0);
  });
});
