import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessConfigError, start, step } from '../../src/engine/index.js';
import type { LoadedProcess } from '../../src/processes/loaded-process.js';
import { loadProcessFolder } from '../../src/processes/process-folder.js';
import { type CoverageReport, CoverageTracker } from '../../src/stories/coverage.js';
import { runStory, type StoryEngine, type StoryResult } from '../../src/stories/run-story.js';
import { loadStoryFile } from '../../src/stories/story-file.js';

export const STORIES_FIXTURES = new URL('../fixtures/stories/', import.meta.url).pathname;

/** The engine's own start and step, as the server runs them (without its callback timeout). */
export const engine: StoryEngine = {
  start: (process, kb) => start(process, kb),
  step: (process, state, input) => step(process, state, input),
};

let branches: Promise<LoadedProcess> | undefined;
/** test/fixtures/stories/branches: one XOR (pick a|b), one OR (extras x|y), one PARALLEL (both p|q). */
export const branchesProcess = () =>
  (branches ??= loadProcessFolder(join(STORIES_FIXTURES, 'branches'), 'branches'));

/** Writes a story file to a temp folder and calls `use` with its path. */
async function withStoryFile<T>(yaml: string, use: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'mmcc-stories-'));
  const file = join(dir, 'story.yml');
  writeFileSync(file, yaml);
  try {
    return await use(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs every story of a story file's text against the branches fixture (or another process). */
export async function runStories(
  yaml: string,
  process?: LoadedProcess,
): Promise<{ results: StoryResult[]; coverage: CoverageReport }> {
  const target = process ?? (await branchesProcess());
  return withStoryFile(yaml, async (file) => {
    const stories = await loadStoryFile(file, target.definition);
    const coverage = new CoverageTracker(target.definition);
    const results: StoryResult[] = [];
    for (const story of stories) results.push(await runStory(target, story, engine, coverage));
    return { results, coverage: coverage.report() };
  });
}

/** The refusal of a story file's text, with the file's path as <file>. */
export async function storyFileProblem(yaml: string): Promise<string> {
  const { definition } = await branchesProcess();
  return withStoryFile(yaml, async (file) => {
    const error = await loadStoryFile(file, definition).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProcessConfigError);
    return (error as Error).message.replaceAll(file, '<file>');
  });
}
