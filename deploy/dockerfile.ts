import { readFileSync } from 'node:fs';

/**
 * The Dockerfile read as the one list of what the production image holds and how it is made, so that the image
 * check (deploy/image-check.ts) replays exactly those steps without Docker and cannot drift from the image.
 * Only the instructions the Dockerfile uses are understood; any other one fails the check, which then has to
 * learn it before the Dockerfile can use it.
 */
export interface Copy {
  readonly from?: string;
  readonly sources: readonly string[];
  readonly dest: string;
}

/** A COPY, or one shell command of a RUN (a RUN's commands are split on `&&`). */
export type Step = { readonly copy: Copy } | { readonly run: string };

export interface Stage {
  readonly name: string;
  workdir: string;
  /** The stage's COPY and RUN steps, in the file's order. */
  readonly steps: Step[];
  readonly env: Record<string, string>;
  cmd?: string[];
}

const IGNORED = new Set(['EXPOSE', 'HEALTHCHECK', 'USER', 'ARG', 'LABEL']);

/** The Dockerfile's stages, in order. Throws on an instruction the image check does not know how to replay. */
export function parseDockerfile(path: string): Stage[] {
  const text = readFileSync(path, 'utf8').replace(/\\\n/g, ' ');
  const stages: Stage[] = [];
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const [, instruction, rest] = /^(\S+)\s+(.*)$/.exec(line) ?? [];
    const stage = stages.at(-1);
    if (instruction === 'FROM') {
      const name = /\bAS\s+(\S+)/i.exec(rest)?.[1] ?? String(stages.length);
      stages.push({ name, workdir: '/', steps: [], env: {} });
    } else if (stage === undefined) {
      throw new Error(`${path}:${index + 1}: ${instruction} before the first FROM`);
    } else if (instruction === 'WORKDIR') {
      stage.workdir = rest.trim();
    } else if (instruction === 'COPY') {
      stage.steps.push({ copy: parseCopy(rest) });
    } else if (instruction === 'RUN') {
      for (const command of rest.split('&&'))
        stage.steps.push({ run: command.trim().replace(/\s+/g, ' ') });
    } else if (instruction === 'ENV') {
      for (const [, key, value] of rest.matchAll(/(\w+)=(\S+)/g)) stage.env[key] = value;
    } else if (instruction === 'CMD') {
      stage.cmd = JSON.parse(rest) as string[];
    } else if (!IGNORED.has(instruction)) {
      throw new Error(
        `${path}:${index + 1}: the image check cannot replay ${instruction}; teach deploy/dockerfile.ts it first`,
      );
    }
  }
  return stages;
}

function parseCopy(rest: string): Copy {
  const words = rest.trim().split(/\s+/);
  const from = words[0].startsWith('--from=') ? words.shift()!.slice('--from='.length) : undefined;
  const dest = words.pop()!;
  return { from, sources: words, dest };
}
