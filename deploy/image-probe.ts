import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../test/support/network.js';

/**
 * Starts the image's CMD in its folder, with the image's ENV (and `extra`) and nothing of this machine's
 * environment but PATH, runs `use` against it, then requires it to exit 0 on SIGTERM. Resolves to what `use`
 * checked; rejects with the reason and the server's output (headed `label`).
 */
export async function withImageServer(
  image: { dir: string; cmd: readonly string[]; env: Record<string, string> },
  extra: Record<string, string>,
  label: string,
  use: (url: string, bootMs: number) => Promise<string>,
): Promise<string> {
  const { dir, cmd, env } = image;
  const port = await freePort();
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ...extra,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    const checked = await use(url, await waitForHealth(url, child));
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the server exited ${code} on SIGTERM, not 0`);
    return checked;
  } catch (error) {
    child.kill('SIGKILL');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output${label} ---\n${output.slice(-4000)}`);
  }
}

/** The image as its users use it: health, the playground and its assets, a store turn. */
export function probeImage(
  dir: string,
  cmd: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  return withImageServer({ dir, cmd, env }, {}, '', async (url, bootMs) => {
    const assets = await checkPlayground(url);
    const turn = await checkStoreTurn(url);
    return `health 200 after ${bootMs} ms, playground page and ${assets} assets served, store turn ${turn}, exit 0 on SIGTERM`;
  });
}

export async function waitForHealth(url: string, child: ChildProcess): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < 60_000) {
    if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}) at boot`);
    const status = await fetch(`${url}/health`).then(
      (response) => response.status,
      () => 0,
    );
    if (status === 200) return Date.now() - started;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error('/health did not answer 200 within 60 s');
}

/** The playground's pages: ours, and the two chat widgets' (whose bundles are checked in under vendor/). */
const PAGES = ['/', '/widgets/rasa.html', '/widgets/webchat.html'];

/** The pages, then every script and stylesheet they name, and the modules those import. */
async function checkPlayground(url: string): Promise<number> {
  const assets: string[] = [];
  for (const pagePath of PAGES) {
    const page = await get(url, pagePath);
    // (an inline `data:` URL, such as the pages' empty favicon, is no request to the server)
    const named = [...page.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="([^"]+)"/g)]
      .filter((match) => !match[1].startsWith('data:'))
      .map((match) => new URL(match[1], `${url}${pagePath}`).pathname);
    if (named.length === 0) throw new Error(`the page ${pagePath} names no script or stylesheet`);
    assets.push(...named);
  }
  const seen = new Set<string>();
  while (assets.length > 0) {
    const path = new URL(assets.pop()!, `${url}/`).pathname;
    if (seen.has(path)) continue;
    seen.add(path);
    const body = await get(url, path);
    if (path.endsWith('.js') && !path.includes('.min.')) {
      for (const [, spec] of body.matchAll(/\bfrom\s+['"](\.{1,2}\/[^'"]+)['"]/g)) {
        assets.push(new URL(spec, `${url}${path}`).pathname);
      }
    }
  }
  return seen.size;
}

async function checkStoreTurn(url: string): Promise<string> {
  const started = await post(url, '/interactions', { uid: 'image-check', process: 'store' }, 201);
  const id = started.interaction as string;
  const welcome = started.reply as { activity: string };
  const reply = (await post(
    url,
    `/interactions/${id}/messages`,
    { type: 'utterance', utterance: "I'd like a black cap", id: 'image-check-1' },
    200,
    { 'x-user-id': 'image-check' },
  )) as { seq: number; activity: string };
  if (reply.seq !== 2 || reply.activity === welcome.activity) {
    throw new Error(
      `the store did not move on from "${welcome.activity}" on "I'd like a black cap": ${JSON.stringify(reply)}`,
    );
  }
  return `${welcome.activity} -> ${reply.activity}`;
}

async function get(url: string, path: string): Promise<string> {
  const response = await fetch(`${url}${path}`);
  const body = await response.text();
  if (response.status !== 200 || body.length === 0) {
    throw new Error(`GET ${path} answered ${response.status} (${body.length} bytes)`);
  }
  return body;
}

export async function post(
  url: string,
  path: string,
  body: object,
  status: number,
  headers: Record<string, string> = {},
): Promise<Record<string, unknown>> {
  const response = await fetch(`${url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`POST ${path} answered ${response.status}: ${text}`);
  return JSON.parse(text) as Record<string, unknown>;
}
