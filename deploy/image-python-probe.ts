import { post, withImageServer } from './image-probe.js';

/**
 * The image with a process of the original project (examples/python-store: my_callbacks.py, nlu.yml) as its
 * config, as a user mounts theirs: the Python worker starts from the image's python3 and our module in it, and
 * a text turn and a page action are answered by the Python callbacks. Resolves to what was checked.
 */
export function probePythonProcess(
  dir: string,
  cmd: readonly string[],
  env: Record<string, string>,
): Promise<string> {
  return withImageServer(
    { dir, cmd, env },
    { CONFIG_DIR: './examples' },
    ' (python-store)',
    async (url) => {
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
      return `python-store (my_callbacks.py) turns ${text.activity} -> ${action.activity}`;
    },
  );
}
