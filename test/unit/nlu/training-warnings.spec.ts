import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadNlu } from '../../../src/nlu/nlu-settings.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';
import { trainingWarnings } from '../../../src/nlu/training-warnings.js';

const examples = (...lines: string[]) =>
  `  examples: |\n${lines.map((l) => `    - ${l}`).join('\n')}`;

describe(trainingWarnings.name, () => {
  it('names the file and the intent of thin or ambiguous data', () => {
    const data = parseRasaNlu(
      [
        'nlu:',
        '- intent: greet',
        examples('hi', 'hello', 'hey', 'good morning', 'howdy'),
        '- intent: goodbye',
        examples('bye', 'Hello', 'see you'),
        '- intent: order',
        examples('a [cap](item)', 'the [hoodie](item)', 'to [Via Roma 1](address)', 'x', 'y'),
      ].join('\n'),
      'config/shop/nlu.yml',
    );
    expect(trainingWarnings(data, 'config/shop/nlu.yml')).toEqual([
      expect.stringMatching(
        /^config\/shop\/nlu\.yml: intent "goodbye" has 3 examples; give it at least 5/,
      ),
      'config/shop/nlu.yml: "Hello" is an example of both intent "greet" and intent "goodbye"; keep it in one of them, or the NLU cannot tell them apart on it',
      expect.stringMatching(
        /^config\/shop\/nlu\.yml: entity "address" is annotated only once \(intent "order"\)/,
      ),
    ]);
  });

  it('has nothing to say about the store example', async () => {
    const { readFile } = await import('node:fs/promises');
    const file = new URL('../../../config/store/nlu.yml', import.meta.url);
    expect(
      trainingWarnings(parseRasaNlu(await readFile(file, 'utf8'), 'nlu.yml'), 'nlu.yml'),
    ).toEqual([]);
  });

  it('reach the boot log with the process, naming the training data file', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'nlu-warnings-'));
    await writeFile(
      join(folder, 'nlu.yml'),
      [
        'nlu:',
        '- intent: greet',
        examples('hi', 'hello'),
        '- intent: bye',
        examples('bye', 'ciao'),
      ].join('\n'),
    );
    const loaded = await loadNlu({ adapter: 'builtin' }, join(folder, 'nlu.json'), folder);
    expect(loaded.warnings).toEqual([
      expect.stringMatching(
        new RegExp(`^${join(folder, 'nlu.yml')}: intent "greet" has 2 examples`),
      ),
      expect.stringMatching(new RegExp(`^${join(folder, 'nlu.yml')}: intent "bye" has 2 examples`)),
    ]);
  });
});
