import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { NluError } from '../../../src/engine/index.js';
import { RasaNluAdapter } from '../../../src/nlu/rasa-nlu.adapter.js';

/** A real HTTP server on a port, answering POST /model/parse like Rasa does. */
async function fakeRasa(
  handler: (body: { text: string }, req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString()));
    req.on('end', () => handler(JSON.parse(raw || '{}') as { text: string }, req, res));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}`, server };
}

const json = (res: ServerResponse, body: unknown, status = 200) =>
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

describe(RasaNluAdapter.name, () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it("turns Rasa's parse into {intent, <entity>: value}, sending the text and the token", async () => {
    const seen: { text: string; url: string }[] = [];
    const rasa = await fakeRasa((body, req, res) => {
      seen.push({ text: body.text, url: req.url ?? '' });
      json(res, {
        text: body.text,
        intent: { name: 'state_preference', confidence: 0.93 },
        entities: [
          { entity: 'preference', value: 'cap', start: 9, end: 12 },
          { entity: 'preference', value: 'black' },
        ],
      });
    });
    servers.push(rasa.server);
    const adapter = new RasaNluAdapter({ url: rasa.url, timeoutMs: 1000, token: 's3cret' });
    expect(await adapter.parse('I want a cap')).toEqual({
      intent: 'state_preference',
      preference: 'cap',
      entities: [
        { entity: 'preference', value: 'cap', start: 9, end: 12 },
        { entity: 'preference', value: 'black' },
      ],
    });
    expect(await adapter.explain('x')).toMatchObject({
      intent: 'state_preference',
      confidence: 0.93,
    });
    expect(seen[0]).toEqual({ text: 'I want a cap', url: '/model/parse?token=s3cret' });
  });

  it('gives the reference\'s "no intent" when Rasa finds none', async () => {
    const rasa = await fakeRasa((body, _req, res) =>
      json(res, { text: body.text, intent: { name: null, confidence: 0 }, entities: [] }),
    );
    servers.push(rasa.server);
    expect(await new RasaNluAdapter({ url: rasa.url, timeoutMs: 1000 }).parse('???')).toEqual({
      intent: '',
      entities: [],
    });
  });

  it('fails with a retryable NluError when Rasa is down', async () => {
    const error = await new RasaNluAdapter({ url: 'http://127.0.0.1:1', timeoutMs: 1000 })
      .parse('hi')
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NluError);
    expect(error).toMatchObject({
      retryable: true,
      code: 'NLU_FAILED',
      message: 'the Rasa server at http://127.0.0.1:1 cannot be reached; try again',
    });
  });

  it('fails with a retryable NluError when Rasa is slower than the timeout', async () => {
    const rasa = await fakeRasa((body, _req, res) =>
      setTimeout(() => json(res, { intent: { name: 'greet' }, entities: [] }), 500),
    );
    servers.push(rasa.server);
    const started = Date.now();
    const error = await new RasaNluAdapter({ url: rasa.url, timeoutMs: 100 })
      .parse('hi')
      .catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(450);
    expect(error).toMatchObject({
      retryable: true,
      message: expect.stringContaining('did not answer within 100 ms'),
    });
  });

  it('fails when Rasa answers with an error status', async () => {
    const rasa = await fakeRasa((_b, _req, res) => json(res, { error: 'boom' }, 500));
    servers.push(rasa.server);
    await expect(
      new RasaNluAdapter({ url: rasa.url, timeoutMs: 1000 }).parse('hi'),
    ).rejects.toMatchObject({ retryable: true, message: expect.stringContaining('answered 500') });
  });
});
