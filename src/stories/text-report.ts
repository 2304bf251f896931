import pc from 'picocolors';
import type { Input } from '../engine/index.js';
import { describeItem } from './coverage.js';
import type { ProcessStoriesResult } from './run-process-stories.js';
import type { StoryResult, TurnFailure } from './run-story.js';

const ms = (n: number) => `${Math.round(n)} ms`;
export const count = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
export const percent = (n: number) => `${Math.floor(n * 10) / 10}%`;

const inputText = (input: Input | undefined) =>
  input === undefined
    ? 'the welcome'
    : input.type === 'utterance'
      ? `user ${JSON.stringify(input.utterance)}`
      : `data ${JSON.stringify(input.payload)}`;

/** The lines that show one process's stories: each test, the diff of a failing one, the coverage. */
export function processReport(result: ProcessStoriesResult): string[] {
  const { process, results } = result;
  const lines = [
    pc.bold(`${process.name}`) +
      pc.dim(` (${process.files.folder}, ${count(result.files.length, 'story file')})`),
  ];
  if (result.refused !== undefined) {
    lines.push(`  ${pc.red('✗ a story file is broken, nothing ran:')}`);
    for (const line of result.refused.message.split('\n')) lines.push(`    ${line.trim()}`);
    return lines;
  }
  if (result.files.length === 0)
    lines.push(pc.yellow(`  no stories: add ${process.files.folder}/tests/*.yml`));
  for (const r of results) lines.push(...storyLines(r));
  const failed = results.filter((r) => r.failure !== undefined).length;
  lines.push(...coverageLines(result));
  const counts = `${count(results.length, 'test')}: ${results.length - failed} passed${failed > 0 ? `, ${failed} failed` : ''}`;
  lines.push(`  ${failed > 0 ? pc.red(counts) : counts}, in ${ms(result.ms)}`);
  return lines;
}

/** The coverage line of a process, and each item that no story reached. */
export function coverageLines({ process, coverage }: ProcessStoriesResult): string[] {
  const cover = `coverage ${percent(coverage.percent)} (${coverage.covered} of ${coverage.total} items)`;
  return [
    `  ${coverage.missed.length === 0 ? pc.green(cover) : pc.yellow(`${cover}, never reached:`)}`,
    ...coverage.missed.map((item) => `    - ${describeItem(item, process.names)}`),
  ];
}

/** One story's line; for a failing story, the failing turn's diff and what came. */
export function storyLines({ story, failure, ms: took }: StoryResult): string[] {
  const turns = `${count(story.turns.length, 'turn')}, ${ms(took)}`;
  if (failure === undefined) return [`  ${pc.green('✓')} ${story.name} ${pc.dim(`(${turns})`)}`];
  return [
    `  ${pc.red('✗')} ${story.name} ${pc.dim(`(${story.file}:${story.line})`)}`,
    ...failureLines(failure, story.file),
  ];
}

function failureLines(failure: TurnFailure, file: string): string[] {
  const lines = [
    `      turn ${failure.turn}, ${inputText(failure.input)} ${pc.dim(`(${file}:${failure.line})`)}`,
  ];
  const width = Math.max(8, ...failure.mismatches.map((m) => m.what.length)) + 2;
  for (const m of failure.mismatches) {
    lines.push(`        ${m.what.padEnd(width)}expected ${pc.green(m.expected)}`);
    lines.push(`        ${''.padEnd(width)}got      ${pc.red(m.got)}`);
  }
  const came = failure.came;
  lines.push(pc.dim('      what came:'));
  if ('refusal' in came)
    lines.push(`        refused   ${came.refusal.code}: ${came.refusal.message}`);
  else {
    lines.push(`        reply     ${JSON.stringify(came.reply.utterance)}`);
    if (Object.keys(came.reply.payload).length > 0)
      lines.push(`        payload   ${JSON.stringify(came.reply.payload)}`);
  }
  lines.push(`        activity  ${came.state.current} (${came.status})`);
  lines.push(`        context   ${JSON.stringify(came.state.context)}`);
  return lines;
}
