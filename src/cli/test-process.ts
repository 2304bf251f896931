import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { Logger } from '@nestjs/common';
import pc from 'picocolors';
import { ProcessRegistry } from '../processes/process-registry.service.js';
import { loadSettings } from '../settings/settings.js';
import { junitReport } from '../stories/junit-report.js';
import { type ProcessStoriesResult, runProcessStories } from '../stories/run-process-stories.js';
import { count, percent, processReport } from '../stories/text-report.js';

const USAGE = 'npm run test:process -- [process...] [--junit file.xml] [--min-coverage N]';

/**
 * `npm run test:process`: runs the stories of `config/<name>/tests/*.yml` in-process (the engine, the
 * NLU and the callbacks, as the server loads them from CONFIG_DIR; no server, no database), prints each
 * test and the process's coverage, and exits 1 when a story fails or the coverage is under the minimum.
 */
async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      junit: { type: 'string' },
      'min-coverage': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help) {
    console.log(`usage: ${USAGE}`);
    return 0;
  }
  const min = values['min-coverage'] === undefined ? undefined : Number(values['min-coverage']);
  if (min !== undefined && !(min >= 0 && min <= 100)) {
    throw new Error(
      `--min-coverage is "${values['min-coverage']}": give a percentage from 0 to 100`,
    );
  }
  Logger.overrideLogger(['error', 'warn']);
  const settings = loadSettings();
  const registry = new ProcessRegistry(settings);
  const loading = performance.now();
  await registry.reload();
  const loaded = performance.now() - loading;
  const processes =
    positionals.length === 0 ? registry.list() : positionals.map((n) => registry.get(n));
  const engine = { start: registry.start.bind(registry), step: registry.step.bind(registry) };

  const results: ProcessStoriesResult[] = [];
  for (const process_ of processes) {
    const result = await runProcessStories(process_, engine);
    results.push(result);
    console.log(`${processReport(result).join('\n')}\n`);
  }
  if (values.junit !== undefined) {
    mkdirSync(dirname(values.junit), { recursive: true });
    writeFileSync(values.junit, junitReport(results, min));
  }
  return summary(results, min, loaded, settings.CONFIG_DIR, values.junit);
}

/** Prints the run's last line (and why it failed) and returns the exit code. */
function summary(
  results: readonly ProcessStoriesResult[],
  min: number | undefined,
  loadedMs: number,
  configDir: string,
  junit: string | undefined,
): number {
  const stories = results.flatMap((r) => r.results);
  const failed = stories.filter((r) => r.failure !== undefined).length;
  const broken = results.filter((r) => r.refused !== undefined).map((r) => r.process.name);
  const under =
    min === undefined
      ? []
      : results.filter((r) => r.coverage.percent < min).map((r) => r.process.name);
  const coverage = results
    .map((r) => `${r.process.name} ${r.refused ? 'not run' : percent(r.coverage.percent)}`)
    .join(', ');
  console.log(
    `${count(stories.length, 'test')} in ${count(results.length, 'process', 'processes')}: ${stories.length - failed} passed` +
      `${failed > 0 ? pc.red(`, ${failed} failed`) : ''}; coverage ${coverage}` +
      pc.dim(` (processes of ${configDir} loaded in ${Math.round(loadedMs)} ms)`),
  );
  if (broken.length > 0) console.log(pc.red(`broken story files in ${broken.join(', ')}`));
  if (under.length > 0) console.log(pc.red(`coverage under ${min}% in ${under.join(', ')}`));
  if (junit !== undefined) console.log(pc.dim(`JUnit report written to ${junit}`));
  return failed > 0 || broken.length > 0 || under.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`test:process: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
