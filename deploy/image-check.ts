/**
 * The production image, checked without Docker: replays the Dockerfile's stages in a temporary folder (its COPY
 * lines and its npm commands: `npm ci`, the build, `npm prune --omit=dev`), starts its CMD with its ENV, and
 * requires /health to answer 200, the playground page and every script and stylesheet it loads to be served, one
 * turn of the `store` example (the built-in NLU) to succeed over REST, and a clean exit on SIGTERM; then the same
 * image with examples/python-store (Python callbacks) as its config.
 * Prints one line; exits 1 with the reason and the server's output.
 *
 *   npm run check:image
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, relative } from 'node:path';
import { type Copy, parseDockerfile, type Stage } from './dockerfile.js';
import { probeImage } from './image-probe.js';
import { probePythonProcess } from './image-python-probe.js';

const ROOT = new URL('../', import.meta.url).pathname;
/** System steps of the image (apt packages, file owners) that this machine's own setup stands in for. */
const SYSTEM = [/^apt-get /, /^rm -rf \/var\/lib\/apt\/lists\//, /^chown /];

async function main(): Promise<void> {
  const stages = parseDockerfile(join(ROOT, 'Dockerfile'));
  const work = mkdtempSync(join(tmpdir(), 'mmcc-image-'));
  const dirs = new Map<string, (path: string) => string>();
  try {
    const started = Date.now();
    for (const stage of stages) {
      const dir = join(work, stage.name);
      mkdirSync(dir, { recursive: true });
      // The stage's paths: relative ones from its WORKDIR, absolute ones under it.
      const inStage = (path: string) =>
        join(dir, path.startsWith('/') ? relative(stage.workdir, path) : path);
      dirs.set(stage.name, inStage);
      build(stage, dir, inStage, dirs);
    }
    const installSeconds = Math.round((Date.now() - started) / 1000);
    const image = stages.at(-1)!;
    if (image.cmd === undefined) throw new Error('the Dockerfile has no CMD');
    const checked = await probeImage(join(work, image.name), image.cmd, image.env);
    const python = await probePythonProcess(join(work, image.name), image.cmd, image.env);
    console.log(
      `image-check: ok (install and build ${installSeconds} s, as the Dockerfile does; ${checked}; ${python})`,
    );
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** One stage's COPY and RUN steps, in the Dockerfile's order, with the stage's WORKDIR as `dir`. */
function build(
  stage: Stage,
  dir: string,
  inStage: (path: string) => string,
  dirs: Map<string, (path: string) => string>,
): void {
  for (const step of stage.steps) {
    if ('copy' in step) copy(step.copy, inStage, dirs);
    else run(step.run, dir, inStage);
  }
}

function copy(
  { from, sources, dest }: Copy,
  inStage: (path: string) => string,
  dirs: Map<string, (path: string) => string>,
): void {
  const source = from === undefined ? (path: string) => join(ROOT, path) : dirs.get(from);
  if (source === undefined) throw new Error(`COPY --from=${from}: no stage of that name`);
  for (const name of sources) {
    const path = source(name);
    const intoFolder = statSync(path).isFile() && (sources.length > 1 || dest.endsWith('/'));
    cpSync(path, intoFolder ? join(inStage(dest), basename(name)) : inStage(dest), {
      recursive: true,
    });
  }
}

function run(command: string, dir: string, inStage: (path: string) => string): void {
  if (SYSTEM.some((pattern) => pattern.test(command))) return;
  const mkdir = /^mkdir -p (.+)$/.exec(command);
  if (mkdir !== null) {
    for (const path of mkdir[1].split(' ')) mkdirSync(inStage(path), { recursive: true });
    return;
  }
  if (!command.startsWith('npm ')) {
    throw new Error(
      `RUN ${command}: the image check cannot replay it; teach deploy/image-check.ts`,
    );
  }
  const result = spawnSync(command, { cwd: dir, shell: true, encoding: 'utf8' });
  if (result.status !== 0) {
    throw new Error(`RUN ${command} failed (${result.status}):\n${result.stdout}${result.stderr}`);
  }
}

main().catch((error: unknown) => {
  console.error(`image-check: FAILED: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
