import { join } from 'node:path';
import {
  type Input,
  type InteractionState,
  start,
  step,
  type StepOutcome,
} from '../../src/engine/index.js';
import { button, keepChoices, page } from '../../src/public-api.js';
import { loadConfigDir } from '../../src/processes/config-loader.js';
import type { LoadedProcess } from '../../src/processes/loaded-process.js';

const text = (utterance: string): Input => ({ type: 'utterance', utterance });
const data = (payload: Record<string, unknown>): Input => ({ type: 'data', payload });
const labels = (outcome: StepOutcome) =>
  ((outcome.reply.payload.buttons ?? []) as { label: string }[]).map((b) => b.label);

let processes: ReadonlyMap<string, LoadedProcess>;
beforeAll(async () => {
  processes = await loadConfigDir(join(import.meta.dirname, '../../config'));
});

async function walk(name: string, inputs: Input[]): Promise<StepOutcome[]> {
  const process = processes.get(name)!;
  const outcomes = [await start(process, process.kb)];
  let state: InteractionState = outcomes[0].state;
  for (const input of inputs) {
    const outcome = await step(process, state, input);
    outcomes.push(outcome);
    state = outcome.state;
  }
  return outcomes;
}

describe('buttons that stay while the question stands', () => {
  it('name_nickname offers its two choices again after a wrong one', async () => {
    const [welcome, wrong, again] = await walk('name_nickname', [
      data({ name_nickname: 'neither' }),
      text('what?'),
    ]);
    expect(labels(welcome)).toEqual(['Use the name', 'Use a nickname']);
    expect(wrong.reply.utterance).toBe('The choice is not valid');
    expect(labels(wrong)).toEqual(['Use the name', 'Use a nickname']);
    expect(labels(again)).toEqual(['Use the name', 'Use a nickname']);
  });

  it('the store offers its items again after small talk and after a word it does not know', async () => {
    const [welcome, hello, challenge] = await walk('store', [
      text('hello'),
      text('are you a bot?'),
    ]);
    expect(labels(welcome)).toEqual(['sweatshirt', 'cap', 'skateboard']);
    expect(hello.reply.utterance).toContain("Let's carry on");
    expect(labels(hello)).toEqual(['sweatshirt', 'cap', 'skateboard']);
    expect(labels(challenge)).toEqual(['sweatshirt', 'cap', 'skateboard']);
    expect(hello.reply.payload.show).toBe('items');
  });

  it('the store keeps the customize buttons after small talk there', async () => {
    const [, chosen, hello] = await walk('store', [text('a cap please'), text('hi')]);
    expect(labels(chosen)).toEqual(['Colour', 'Size', 'Done']);
    expect(labels(hello)).toEqual(['Colour', 'Size', 'Done']);
  });
});

describe(keepChoices.name, () => {
  const choices = page('items', [button('A', { pick: 'a' })]);

  it('adds the choices to a refusal without a payload, sync or async', async () => {
    const sync = keepChoices(choices, () => ({ complete: false, utterance: 'again' }));
    const later = keepChoices(choices, () => Promise.resolve({ complete: false }));
    expect(await sync({}, {}, { _done_: [] })).toEqual({
      complete: false,
      utterance: 'again',
      payload: { show: 'items', buttons: [{ label: 'A', data: { pick: 'a' } }] },
    });
    expect((await later({}, {}, { _done_: [] })).payload).toEqual(choices);
  });

  it('leaves a completed step and a refusal with its own payload as they are', async () => {
    const done = keepChoices(choices, () => ({ complete: true }));
    const own = keepChoices(choices, () => ({ complete: false, payload: { show: 'x' } }));
    expect(await done({}, {}, { _done_: [] })).toEqual({ complete: true });
    expect(await own({}, {}, { _done_: [] })).toEqual({ complete: false, payload: { show: 'x' } });
  });
});
