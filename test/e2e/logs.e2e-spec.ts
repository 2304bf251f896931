import { startServer } from '../support/server-process.js';
import { FIXTURES_CONFIG, http } from '../support/test-app.js';

describe('structured logs (LOG_FORMAT=json)', () => {
  it('writes one JSON object per line, with the interaction id on every line about a turn and no secrets', async () => {
    const server = await startServer({
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'debug',
      CONFIG_DIR: FIXTURES_CONFIG,
    });
    let id = '';
    let refused: { status: number; body: any } | undefined;
    try {
      const started = await http('POST', `${server.url}/interactions`, {
        body: { uid: 'logger', process: 'faulty' },
      });
      id = started.body.interaction;
      const send = (payload: unknown) =>
        http('POST', `${server.url}/interactions/${id}/messages`, {
          headers: { authorization: 'Bearer secret-token', 'x-user-id': 'logger' },
          body: { type: 'data', payload },
        });
      await send({});
      refused = await send({ fail: 'throw' });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      await server.stop();
    }
    const lines = server
      .output()
      .trim()
      .split('\n')
      .filter((l) => l.startsWith('{'));
    const records = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(records.length).toBeGreaterThan(5);
    const aboutTurns = records.filter(
      (r) =>
        ['interaction started', 'turn committed'].includes(String(r.msg)) ||
        String(r.msg).startsWith('step refused'),
    );
    expect(aboutTurns.map((r) => r.msg)).toEqual([
      'interaction started',
      'turn committed',
      'step refused: the callback of activity "count" threw: the callback broke',
    ]);
    for (const record of aboutTurns)
      expect(record).toMatchObject({ interaction: id, process: 'faulty' });
    // The callback's exception is logged with its text and stack; the client gets a generic STEP_FAILED.
    expect(aboutTurns.at(-1)).toMatchObject({
      code: 'STEP_FAILED',
      activity: 'count',
      stack: expect.stringMatching(/^Error: the callback broke\n\s+at /),
    });
    expect(refused).toMatchObject({ status: 422, body: { code: 'STEP_FAILED' } });
    expect(JSON.stringify(refused?.body)).not.toContain('broke');
    expect(server.output()).not.toContain('secret-token');
  });
});
