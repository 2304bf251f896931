import { readFileSync } from 'node:fs';
import { until } from '../support/network.js';
import { type ServerProcess, startServer } from '../support/server-process.js';
import { SMALL_CALLBACKS_TS, smallProcess, tempConfig } from '../support/temp-config.js';
import { http } from '../support/test-app.js';

/** `npm run dev` builds, then runs `dev:serve`: its variables and command, as package.json has them. */
function devServe(): { env: Record<string, string>; command: string } {
  const scripts = (
    JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }
  ).scripts;
  expect(scripts.dev).toBe('nest build && npm run -s dev:serve');
  const words = scripts['dev:serve'].split(' ');
  const env = Object.fromEntries(
    words.filter((w) => /^[A-Z_]+=/.test(w)).map((w) => w.split('=') as [string, string]),
  );
  return { env, command: words.filter((w) => !/^[A-Z_]+=/.test(w)).join(' ') };
}

describe('npm run dev: the server with a watcher on the config folder', () => {
  const config = tempConfig(smallProcess('watched'));
  let server: ServerProcess;
  beforeAll(async () => {
    const { env, command } = devServe();
    expect(command).toBe('node dist/main.js');
    expect(env).toEqual({ WATCH_CONFIG: 'true' });
    server = await startServer({ ...env, CONFIG_DIR: config.dir });
  });
  afterAll(async () => {
    await server?.stop();
    config.remove();
  });

  it('reloads an edited process within a second, and the conversation carries on with the new text', async () => {
    expect(server.output()).toMatch(/watching .*: a change reloads the processes/);
    const started = await http('POST', `${server.url}/interactions`, {
      uid: 'dev',
      body: { process: 'watched' },
    });
    expect(started.body.reply.utterance).toBe('v1\nAsk me');
    const id = started.body.interaction as string;

    config.write('watched/kb.json', { ask: 'Ask me', end: 'Bye for now, from the edit' });
    config.write(
      'watched/callbacks.ts',
      SMALL_CALLBACKS_TS.replace(
        "'you said ' + String(data.text)",
        "'you wrote ' + String(data.text)",
      ),
    );
    const edited = Date.now();
    await until(
      'the reload is logged',
      () => Promise.resolve(/reloaded after a change of/.test(server.output())),
      5000,
    );
    expect(Date.now() - edited).toBeLessThan(1000);

    const reply = await http('POST', `${server.url}/interactions/${id}/messages`, {
      uid: 'dev',
      body: { type: 'utterance', utterance: 'hello' },
    });
    // The new callback answers; the kb an interaction started with is its own (a new one gets the edited kb).
    expect(reply.body.utterance).toBe('you wrote hello\nBye');
  });

  it('logs a broken edit with its fix and keeps the last good version live', async () => {
    config.write('watched/kb.json', '{ "ask": "Ask me", "end": }');
    await until(
      'the refusal is logged',
      () => Promise.resolve(/was not loaded/.test(server.output())),
      5000,
    );
    const log = server.output().slice(server.output().indexOf('was not loaded'));
    expect(log).toContain('kb.json');
    expect(log).toContain('the processes that were live stay live');

    const started = await http('POST', `${server.url}/interactions`, {
      uid: 'dev2',
      body: { process: 'watched' },
    });
    expect(started.status).toBe(201);
    const reply = await http(
      'POST',
      `${server.url}/interactions/${started.body.interaction}/messages`,
      {
        uid: 'dev2',
        body: { type: 'utterance', utterance: 'hi' },
      },
    );
    expect(reply.body.utterance).toBe('you wrote hi\nBye for now, from the edit');

    config.write('watched/kb.json', { ask: 'Ask me again', end: 'Bye' });
    await until(
      'the fixed edit is loaded',
      async () => {
        const again = await http('POST', `${server.url}/interactions`, {
          uid: 'dev3',
          body: { process: 'watched' },
        });
        return again.body.reply?.utterance === 'v1\nAsk me again';
      },
      5000,
    );
  });
});
