import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { NluReport } from '../../src/nlu/evaluation/nlu-evaluation.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const run = promisify(execFile);

describe('npm run nlu:test', () => {
  it('scores a corpus on its held-out file, prints the figures and writes them as JSON', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'nlu-test-')), 'report.json');
    const corpus = 'test/fixtures/nlu/braun/chatbot';
    const { stdout } = await run(
      'npm',
      [
        'run',
        'nlu:test',
        '--silent',
        '--',
        corpus,
        '--heldout',
        `${corpus}/test.json`,
        '--out',
        out,
      ],
      { cwd: ROOT },
    );
    const report = JSON.parse(await readFile(out, 'utf8')) as NluReport;
    expect(report.samples).toBe(106);
    const percent = ((report.intents.accuracy * 100).toFixed(1) + '%').replace('.', '\\.');
    expect(stdout).toMatch(new RegExp(`intents: ${report.intents.correct}/106 \\(${percent}\\)`));
    expect(stdout).toContain(`F1 ${report.entities.f1.toFixed(3)}`);
    expect(stdout).toMatch(/DepartureTime +\d\.\d\d/);
    expect(Object.keys(report.entities.perEntity)).toEqual(
      expect.arrayContaining(['StationStart', 'StationDest']),
    );
  });

  it('cross-validates a process of config/ by name', async () => {
    const out = join(await mkdtemp(join(tmpdir(), 'nlu-test-')), 'store.json');
    const { stdout } = await run(
      'npm',
      ['run', 'nlu:test', '--silent', '--', 'store', '--cross-validation', '3', '--out', out],
      { cwd: ROOT },
    );
    expect(stdout).toContain('NLU test: store, 3-fold cross-validation, 141 utterances');
    const report = JSON.parse(await readFile(out, 'utf8')) as NluReport;
    expect(Object.keys(report.intents.perIntent)).toContain('state_preference');
  });
});
