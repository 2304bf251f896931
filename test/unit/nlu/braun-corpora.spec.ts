import { readFileSync } from 'node:fs';
import { BuiltinNluAdapter } from '../../../src/nlu/builtin-nlu.adapter.js';
import {
  evaluateNlu,
  type LabelledSample,
  type NluReport,
} from '../../../src/nlu/evaluation/nlu-evaluation.js';
import { parseRasaNlu } from '../../../src/nlu/rasa-training-data.js';

const CORPORA = ['chatbot', 'askubuntu', 'webapplications'];
const read = (path: string) =>
  readFileSync(new URL(`../../fixtures/nlu/braun/${path}`, import.meta.url), 'utf8');

/** Braun et al.'s three corpora (SIGDIAL 2017): trained on each training split, scored on its test split. */
describe('the built-in NLU on the Braun et al. corpora', () => {
  const reports = new Map<string, NluReport>();

  beforeAll(async () => {
    for (const corpus of CORPORA) {
      const training = parseRasaNlu(read(`${corpus}/nlu.yml`), `${corpus}/nlu.yml`);
      const test = JSON.parse(read(`${corpus}/test.json`)) as LabelledSample[];
      const started = performance.now();
      const nlu = await BuiltinNluAdapter.train(training, { threshold: 0 });
      const trainingMs = Math.round(performance.now() - started);
      const report = await evaluateNlu(test, (s) => nlu.explain(s.text));
      reports.set(corpus, report);
      console.log(
        `${corpus}: intents ${report.intents.correct}/${report.samples} (${(report.intents.accuracy * 100).toFixed(1)}%), ` +
          `entities P ${report.entities.precision.toFixed(3)} R ${report.entities.recall.toFixed(3)} ` +
          `F1 ${report.entities.f1.toFixed(3)}, trained in ${trainingMs} ms`,
      );
    }
  });

  it('keeps the published splits: no test sentence is a training sentence', () => {
    for (const corpus of CORPORA) {
      const training = parseRasaNlu(read(`${corpus}/nlu.yml`), corpus);
      const trained = new Set(
        [...training.intents.values()].flat().map((e) => e.text.trim().toLowerCase()),
      );
      const test = JSON.parse(read(`${corpus}/test.json`)) as LabelledSample[];
      expect(test.length).toBeGreaterThan(50);
      expect(test.filter((t) => trained.has(t.text.trim().toLowerCase()))).toEqual([]);
    }
  });

  it('gets at least 93% of intents and an entity F1 of 0.80 over the three test splits', () => {
    const all = [...reports.values()];
    const sum = (f: (r: NluReport) => number) => all.reduce((n, r) => n + f(r), 0);
    const accuracy = sum((r) => r.intents.correct) / sum((r) => r.samples);
    const tp = sum((r) => r.entities.truePositives);
    const precision = tp / (tp + sum((r) => r.entities.falsePositives));
    const recall = tp / (tp + sum((r) => r.entities.falseNegatives));
    const f1 = (2 * precision * recall) / (precision + recall);
    console.log(
      `all three: intents ${(accuracy * 100).toFixed(1)}%, entities P ${precision.toFixed(3)} R ${recall.toFixed(3)} F1 ${f1.toFixed(3)}`,
    );
    expect(all).toHaveLength(3);
    expect(accuracy).toBeGreaterThanOrEqual(0.93);
    expect(f1).toBeGreaterThanOrEqual(0.8);
  });
});
