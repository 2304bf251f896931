import { http } from '../support/test-app.js';
import { sleep, useFaultServers } from './support/faults.js';

/** The repository's examples: `store` understands text with the built-in NLU. */
const EXAMPLES = new URL('../../config', import.meta.url).pathname;
const LONG = 'I would like a large red shirt please, and blue trousers in size M. '
  .repeat(150)
  .slice(0, 10_000);
const OTHERS = 4;

const p99 = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.99))] ?? 0);
};

describe('long utterances and the built-in NLU', () => {
  const fault = useFaultServers();

  it("keep other clients' turns fast while ten 10,000-character utterances are parsed", async () => {
    const server = await fault.start({ CONFIG_DIR: EXAMPLES, DEFAULT_PROCESS: 'store' });
    const start = async (uid: string) =>
      (await http('POST', `${server.url}/interactions`, { body: { uid } })).body
        .interaction as string;
    const say = (id: string, uid: string, utterance: string) =>
      http('POST', `${server.url}/interactions/${id}/messages`, {
        uid,
        body: { type: 'utterance', utterance },
      });
    const senders = await Promise.all(Array.from({ length: 10 }, (_, i) => start(`long-${i}`)));
    const others = await Promise.all(Array.from({ length: OTHERS }, (_, i) => start(`other-${i}`)));

    // Other clients chat at a steady pace (one short turn each every 20 ms), timed one by one.
    let phase: 'baseline' | 'burst' | 'stop' = 'baseline';
    const latencies = { baseline: [] as number[], burst: [] as number[] };
    const chatting = others.map(async (id, i) => {
      while (phase !== 'stop') {
        const at = phase;
        const started = performance.now();
        const reply = await say(id, `other-${i}`, 'hello');
        expect(reply.status).toBe(200);
        latencies[at].push(performance.now() - started);
        await sleep(20);
      }
    });
    await sleep(1_000);
    phase = 'burst';
    const burstStarted = performance.now();
    const long = await Promise.all(senders.map((id, i) => say(id, `long-${i}`, LONG)));
    const burstMs = Math.round(performance.now() - burstStarted);
    await sleep(200);
    phase = 'stop';
    await Promise.all(chatting);

    // Each long utterance was understood (from its first NLU_MAX_TEXT_CHARS characters), none refused.
    for (const reply of long) expect(reply).toMatchObject({ status: 200, body: { seq: 2 } });
    const figures = {
      long_text_p99_ms: p99(latencies.burst),
      long_text_baseline_p99_ms: p99(latencies.baseline),
      long_text_turns: latencies.burst.length,
      long_text_burst_ms: burstMs,
    };
    console.log(
      `faults: ${Object.entries(figures)
        .map(([k, v]) => `${k}=${v}`)
        .join(' ')}`,
    );
    expect(latencies.burst.length).toBeGreaterThanOrEqual(OTHERS);
    // What the long texts add to everyone else's turns: under 50 ms over the same run's quiet p99 (on a quiet
    // machine that is the issue's 50 ms; on a loaded one the baseline carries the machine's own delay).
    expect(figures.long_text_p99_ms).toBeLessThan(figures.long_text_baseline_p99_ms + 50);
  });
});
