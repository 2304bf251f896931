import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { BuiltinNluAdapter } from '../nlu/builtin-nlu.adapter.js';
import { crossValidate } from '../nlu/evaluation/cross-validation.js';
import {
  evaluateNlu,
  type LabelledSample,
  type NluReport,
} from '../nlu/evaluation/nlu-evaluation.js';
import { loadNlu } from '../nlu/nlu-settings.js';
import { parseRasaNlu } from '../nlu/rasa-training-data.js';
import { loadSettings } from '../settings/settings.js';

const USAGE =
  'npm run nlu:test -- <process or folder> [--cross-validation K] [--heldout file.json] [--out report.json]';

/**
 * `npm run nlu:test`: scores a process's NLU like `rasa test nlu`, on a held-out file (the NLU as the process
 * loads it) or by K-fold cross-validation of its training data (the built-in NLU), prints the figures and the
 * confusions, and writes the whole report as JSON.
 */
async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      'cross-validation': { type: 'string' },
      heldout: { type: 'string' },
      out: { type: 'string' },
    },
  });
  const [target] = positionals;
  if (target === undefined) throw new Error(`usage: ${USAGE}`);
  const folder =
    existsSync(target) && statSync(target).isDirectory()
      ? resolve(target)
      : join(loadSettings().CONFIG_DIR, target);
  const settingsFile = join(folder, 'nlu.json');
  if (!existsSync(settingsFile)) throw new Error(`${settingsFile} is missing: nothing to test`);
  const settings = JSON.parse(readFileSync(settingsFile, 'utf8')) as {
    data?: string;
    threshold?: number;
    outOfScope?: number;
  };
  let report: NluReport;
  let how: string;
  if (values.heldout !== undefined) {
    const samples = JSON.parse(readFileSync(values.heldout, 'utf8')) as LabelledSample[];
    const { adapter } = await loadNlu(settings, settingsFile, folder);
    report = await evaluateNlu(samples, (s) => adapter.explain(s.text));
    how = `held-out ${values.heldout}`;
  } else {
    const folds = Number(values['cross-validation'] ?? 5);
    if (!Number.isInteger(folds) || folds < 2) throw new Error('--cross-validation K needs K ≥ 2');
    const file = join(folder, settings.data ?? 'nlu.yml');
    const data = parseRasaNlu(readFileSync(file, 'utf8'), file);
    report = await crossValidate(data, folds, (d) =>
      BuiltinNluAdapter.train(d, {
        threshold: settings.threshold ?? 0.5,
        outOfScope: settings.outOfScope,
      }),
    );
    how = `${folds}-fold cross-validation`;
  }
  print(report, `${basename(folder)}, ${how}`);
  const out = values.out ?? join('test-output', 'nlu', `${basename(folder)}.json`);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nreport written to ${out}`);
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const pad = (s: string, n: number) => s.padEnd(n);

function print(report: NluReport, title: string): void {
  const { intents, entities } = report;
  console.log(`NLU test: ${title}, ${report.samples} utterances`);
  console.log(`\nintents: ${intents.correct}/${report.samples} (${pct(intents.accuracy)})`);
  const table = (
    rows: Record<string, { precision: number; recall: number; f1: number; support: number }>,
  ) => {
    const width = Math.max(12, ...Object.keys(rows).map((n) => n.length + 2));
    console.log(`  ${pad('', width)}precision  recall  f1     support`);
    for (const [name, s] of Object.entries(rows))
      console.log(
        `  ${pad(name, width)}${pad(s.precision.toFixed(2), 11)}${pad(s.recall.toFixed(2), 8)}${pad(s.f1.toFixed(2), 7)}${s.support}`,
      );
  };
  table(intents.perIntent);
  console.log(
    `\nentities: precision ${entities.precision.toFixed(3)}, recall ${entities.recall.toFixed(3)}, ` +
      `F1 ${entities.f1.toFixed(3)} (${entities.truePositives} right, ${entities.falsePositives} wrong, ${entities.falseNegatives} missed)`,
  );
  table(entities.perEntity);
  const confused = Object.entries(intents.confusionMatrix)
    .flatMap(([expected, row]) =>
      Object.entries(row)
        .filter(([predicted]) => predicted !== expected)
        .map(([predicted, n]) => ({ expected, predicted, n })),
    )
    .sort((a, b) => b.n - a.n);
  if (confused.length > 0) {
    console.log('\nconfusions (expected → predicted):');
    for (const c of confused) console.log(`  ${c.expected} → ${c.predicted || '(none)'}: ${c.n}`);
  }
  if (intents.errors.length > 0) {
    console.log('\nintent errors:');
    for (const e of intents.errors)
      console.log(
        `  "${e.text}": ${e.predicted || '(none)'} (${e.confidence}), expected ${e.expected}`,
      );
  }
  if (entities.errors.length > 0) {
    console.log('\nentity errors:');
    for (const e of entities.errors)
      console.log(`  "${e.text}": missed [${e.missed.join(', ')}], extra [${e.extra.join(', ')}]`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
