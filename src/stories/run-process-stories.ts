import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ProcessConfigError } from '../engine/index.js';
import type { LoadedProcess } from '../processes/loaded-process.js';
import { CoverageTracker, type CoverageReport } from './coverage.js';
import { loadStoryFile } from './story-file.js';
import { runStory, type StoryEngine, type StoryResult } from './run-story.js';
import type { Story } from './story.types.js';

export interface ProcessStoriesResult {
  readonly process: LoadedProcess;
  /** The story files found, as paths an author would recognise. */
  readonly files: readonly string[];
  readonly results: readonly StoryResult[];
  readonly coverage: CoverageReport;
  /** Wall time of reading the story files and running them. */
  readonly ms: number;
  /** Set when a story file is broken: its problems, each with file, line and fix (nothing ran). */
  readonly refused?: ProcessConfigError;
}

/** The story files of a process: `tests/*.yml` (or `.yaml`) in its folder, by name. */
export async function storyFiles(process: LoadedProcess): Promise<string[]> {
  const folder = join(process.files.folder, 'tests');
  if (!existsSync(folder)) return [];
  const names = await readdir(folder);
  return names
    .filter((n) => n.endsWith('.yml') || n.endsWith('.yaml'))
    .sort()
    .map((n) => join(folder, n));
}

/** Reads every story file of a process and runs its stories in order, measuring its coverage. */
export async function runProcessStories(
  process: LoadedProcess,
  engine: StoryEngine,
): Promise<ProcessStoriesResult> {
  const started = performance.now();
  const files = await storyFiles(process);
  const coverage = new CoverageTracker(process.definition);
  const stories: Story[] = [];
  const problems: ProcessConfigError[] = [];
  for (const file of files) {
    try {
      stories.push(...(await loadStoryFile(file, process.definition)));
    } catch (error) {
      if (!(error instanceof ProcessConfigError)) throw error;
      problems.push(error);
    }
  }
  const results: StoryResult[] = [];
  if (problems.length === 0) {
    for (const story of stories) results.push(await runStory(process, story, engine, coverage));
  }
  return {
    process,
    files,
    results,
    coverage: coverage.report(),
    ms: performance.now() - started,
    ...(problems.length === 0
      ? {}
      : { refused: new ProcessConfigError(problems.flatMap((p) => p.problems)) }),
  };
}
