import { join } from 'node:path';
import { ProcessConfigError } from '../../../src/engine/index.js';
import { loadNlu } from '../../../src/nlu/nlu-settings.js';
import { tempConfig } from '../../support/temp-config.js';

const NLU_YML = `version: "3.1"
nlu:
- intent: book
  examples: |
    - a table for [four](party_size) please
    - I want to book a table
    - can I book for [2](party_size) people
    - book a table tomorrow
- intent: greet
  examples: |
    - hello
    - hi there
    - good morning
`;

async function load(settings: Record<string, unknown>) {
  const config = tempConfig({ 'p/nlu.yml': NLU_YML, 'p/nlu.json': settings });
  try {
    return await loadNlu(settings, join(config.dir, 'p', 'nlu.json'), join(config.dir, 'p'));
  } finally {
    config.remove();
  }
}

describe('typed entities declared in nlu.json', () => {
  it('give the keys adapter normalised values under their names, with the text they came from', async () => {
    const { adapter, summary } = await load({
      adapter: 'keys',
      keys: ['text'],
      entities: { party_size: 'number', confirm: 'yes_no' },
    });
    expect(summary).toBe('keys (text); typed entities party_size: number, confirm: yes_no');
    const data = await adapter.parse('yes, four of us');
    expect(data).toMatchObject({ text: 'yes, four of us', party_size: 4, confirm: true });
    expect(data.entities).toEqual([
      { entity: 'confirm', value: true, text: 'yes', start: 0, end: 3 },
      { entity: 'party_size', value: 4, text: 'four', start: 5, end: 9 },
    ]);
  });

  it('replace what the built-in tagger found under the same name, and keep the intent', async () => {
    const { adapter } = await load({
      adapter: 'builtin',
      entities: { party_size: 'number', when: 'datetime' },
      timeZone: 'Europe/Berlin',
    });
    const data = await adapter.parse('a table for six please');
    expect(data).toMatchObject({ intent: 'book', party_size: 6 });
    const explained = await adapter.explain('hello');
    expect(explained.intent).toBe('greet');
    expect(explained.entities).toEqual([]);
  });

  it("read dates in the user's time zone when the interaction names one", async () => {
    const { adapter } = await load({
      adapter: 'keys',
      keys: ['text'],
      entities: { when: 'datetime' },
      timeZone: 'Europe/Berlin',
    });
    const berlin = await adapter.parse('tomorrow at 9am');
    const newYork = await adapter.parse('tomorrow at 9am', { timeZone: 'America/New_York' });
    expect(berlin.when).toMatch(/T09:00:00\+0[12]:00$/);
    expect(newYork.when).toMatch(/T09:00:00-0[45]:00$/);
  });

  it.each([
    [{ entities: { when: 'date' } }, 'entity "when" has the type "date"', 'give one of "datetime"'],
    [{ entities: [] }, '"entities" is an array', 'write e.g. "entities"'],
    [
      { entities: { when: 'datetime' }, timeZone: 'Mars/Base' },
      '"timeZone" is "Mars/Base"',
      'Europe/Berlin',
    ],
    [{ entities: { tel: 'phone' }, country: 'XX' }, '"country" is "XX"', 'ISO 3166'],
    [
      { timeZone: 'Europe/Berlin' },
      '"timeZone" is set but no "entities"',
      'declare typed entities',
    ],
  ])('refuse %j with the problem and its fix', async (extra, problem, fix) => {
    const error = await load({ adapter: 'keys', keys: ['text'], ...extra }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProcessConfigError);
    expect((error as Error).message).toContain(problem);
    expect((error as Error).message).toContain(fix);
  });
});
