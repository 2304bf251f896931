import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../test/support/network.js';
import { post, waitForHealth } from './image-probe.js';

/**
 * The image with a process of the original project (examples/python-store: my_callbacks.py, nlu.yml) as its
 * config, as a user mounts theirs: the Python worker starts from the image's python3 and our module in it, and
 * a text turn and a page action are answered by the Python callbacks. Resolves to what was checked.
 */
export async function probePythonProcess(
  dir: string,
  cmd: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  const port = await freePort();
  const child = spawn(cmd[0], cmd.slice(1), {
    cwd: dir,
    env: {
      PATH: process.env.PATH ?? '',
      HOME: dir,
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      CONFIG_DIR: './examples',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHealth(url, child);
    const uid = { 'x-user-id': 'image-check' };
    const started = await post(
      url,
      '/interactions',
      { uid: 'image-check', process: 'python-store' },
      201,
    );
    const id = started.interaction as string;
    const text = (await post(
      url,
      `/interactions/${id}/messages`,
      { type: 'utterance', utterance: 'the mug please' },
      200,
      uid,
    )) as { activity: string; payload: { basket?: { item?: string } } };
    const action = (await post(
      url,
      `/interactions/${id}/messages`,
      { type: 'data', payload: { intent: 'change', option: 'size' } },
      200,
      uid,
    )) as { activity: string };
    if (text.payload.basket?.item !== 'mug' || action.activity !== 'pick_size')
      throw new Error(`the Python callbacks answered ${JSON.stringify([text, action])}`);
    child.kill('SIGTERM');
    const [code] = (await once(child, 'exit')) as [number | null];
    if (code !== 0) throw new Error(`the server exited ${code} on SIGTERM, not 0`);
    return `python-store (my_callbacks.py) turns ${text.activity} -> ${action.activity}`;
  } catch (error) {
    child.kill('SIGKILL');
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`${reason}\n--- server output (python-store) ---\n${output.slice(-4000)}`);
  }
}
