import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';

const ADMIN_TOKEN = 'the-admin-token-of-the-long-text-tests';
const EXAMPLES = new URL('../../config', import.meta.url).pathname;
const filler = (length: number) =>
  'and then some more words '.repeat(length / 25 + 1).slice(0, length);

describe.each([
  ['in a worker thread', '1'],
  ['on the event loop', '0'],
])('the built-in NLU with long text, %s', (_where, threads) => {
  const app = useTestApp('sqlite', {
    CONFIG_DIR: EXAMPLES,
    ADMIN_TOKEN,
    NLU_MAX_TEXT_CHARS: '300',
    NLU_WORKER_THREADS: threads,
  });
  const parse = async (text: string) =>
    (
      await http('POST', `${app.url}/admin/processes/store/nlu/parse`, {
        body: { text },
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      })
    ).body;

  it('reads the first NLU_MAX_TEXT_CHARS characters only, and finds the same there as in a short text', async () => {
    const short = await parse('I would like the black cap');
    expect(short).toMatchObject({ intent: expect.any(String) });
    expect(short.entities.length).toBeGreaterThan(0);
    // The same words at the start of a long text: the same intent, the same entities at the same spans
    // (the filler words only lower the confidence).
    const long = await parse(`I would like the black cap ${filler(5_000)}`);
    expect({ ...long, confidence: 0 }).toEqual({ ...short, confidence: 0 });
    // Words past the limit are not read: what they name is not found.
    const late = await parse(`${filler(400)} I would like the black cap`);
    expect(late.entities).toEqual([]);
    for (const { end } of (await parse(`the black cap ${filler(9_000)} the white cap`)).entities)
      expect(end).toBeLessThanOrEqual(300);
  });

  it('answers a turn of 10,000 characters over REST like any other', async () => {
    const started = await http('POST', `${app.url}/interactions`, {
      uid: 'lena',
      body: { process: 'store' },
    });
    const reply = await http(
      'POST',
      `${app.url}/interactions/${started.body.interaction}/messages`,
      {
        uid: 'lena',
        body: { type: 'utterance', utterance: `I would like a cap ${filler(9_900)}` },
      },
    );
    expect(reply).toMatchObject({ status: 200, body: { seq: 2 } });
  });
});
