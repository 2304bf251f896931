import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ProcessConfigError } from '../../../src/engine/index.js';
import { loadNlu } from '../../../src/nlu/nlu-settings.js';

interface OutOfScopeSet {
  outOfScope: string[];
  inScope: { text: string; intent: string }[];
}

const heldOut = JSON.parse(
  readFileSync(new URL('../../fixtures/nlu/store-out-of-scope.json', import.meta.url), 'utf8'),
) as OutOfScopeSet;
const store = join(import.meta.dirname, '../../../config/store');
const loadStore = (settings: Record<string, unknown>) =>
  loadNlu(settings, join(store, 'nlu.json'), store);

describe('the built-in NLU on text unlike its training data (the store)', () => {
  it('says "no intent" for out-of-scope text and keeps the in-scope intents', async () => {
    const settings = JSON.parse(readFileSync(join(store, 'nlu.json'), 'utf8')) as object;
    const { adapter } = await loadStore({ ...settings });
    const rejected: string[] = [];
    const accepted: string[] = [];
    for (const text of heldOut.outOfScope) {
      const { intent, confidence, similarity } = await adapter.explain(text);
      (intent === '' ? rejected : accepted).push(
        `"${text}" → ${intent} (${confidence}, ${similarity})`,
      );
    }
    const wrong: string[] = [];
    for (const { text, intent } of heldOut.inScope) {
      const found = await adapter.explain(text);
      if (found.intent !== intent)
        wrong.push(`"${text}" → ${found.intent || '(none)'}, expected ${intent}`);
    }
    const rejectedShare = rejected.length / heldOut.outOfScope.length;
    const rightShare = 1 - wrong.length / heldOut.inScope.length;
    console.log(
      `out of scope: ${rejected.length}/${heldOut.outOfScope.length} "no intent"; ` +
        `in scope: ${heldOut.inScope.length - wrong.length}/${heldOut.inScope.length} right\n  ` +
        [...accepted, ...wrong].join('\n  '),
    );
    expect(heldOut.outOfScope.length).toBeGreaterThanOrEqual(40);
    expect(heldOut.inScope.length).toBeGreaterThanOrEqual(40);
    expect(rejectedShare, accepted.join('; ')).toBeGreaterThanOrEqual(0.9);
    expect(rightShare, wrong.join('; ')).toBeGreaterThanOrEqual(0.9);
    expect((await adapter.explain('do you have hats?')).intent).toBe('');
  });

  it('names the best intent for any text with a threshold of 0, or an out-of-scope floor of 0', async () => {
    for (const settings of [{ threshold: 0 }, { outOfScope: 0, threshold: 0.5 }]) {
      const { adapter } = await loadStore({ adapter: 'builtin', ...settings });
      expect(
        (await adapter.explain('do you have hats?')).intent,
        JSON.stringify(settings),
      ).not.toBe('');
    }
  });

  it('refuses an out-of-scope floor that is not a number from 0 to 1', async () => {
    const error = await loadStore({ adapter: 'builtin', outOfScope: 2 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessConfigError);
    expect((error as Error).message).toContain('"outOfScope" is a number (2)');
  });
});
