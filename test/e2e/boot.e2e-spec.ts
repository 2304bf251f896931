import { createTestDatabase } from '../support/databases.js';
import { smallProcess, tempConfig } from '../support/temp-config.js';
import { failToStart, startServer } from '../support/server-process.js';

describe('npm start (the built server)', () => {
  it('loads the example processes, logs them, answers /health and stops cleanly on SIGTERM', async () => {
    const db = await createTestDatabase('sqlite');
    const server = await startServer(db.env);
    try {
      const response = await fetch(`${server.url}/health`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as {
        status: string;
        info: { processes: { loaded: string[] } };
      };
      expect(body.status).toBe('ok');
      // (config/ may hold more than these: examples are added, and users add their own)
      expect(body.info.processes.loaded).toEqual(
        expect.arrayContaining(['name_nickname', 'name_nickname_bpmn', 'quickstart', 'store']),
      );
      expect(server.output()).toMatch(
        /loaded process "quickstart" \(version [0-9a-f]{16}, 3 activities, NLU keys \(echo\)\)/,
      );
    } finally {
      expect(await server.stop()).toBe(0);
      await db.drop();
    }
  });

  it('does not boot on a broken process, and says which file and activity to fix', async () => {
    const config = tempConfig(smallProcess('shop'));
    config.write('shop/process.json', {
      activities: [
        { my_id: 'start', next_id: 'ask', my_type: 'START' },
        { my_id: 'ask', next_id: 'nowhere', my_type: 'TASK' },
        { my_id: 'end', next_id: null, my_type: 'END' },
      ],
      first_activity_id: 'start',
    });
    const failure = await failToStart({ CONFIG_DIR: config.dir });
    config.remove();
    expect(failure.code).toBe(1);
    expect(failure.output).toContain(
      `${config.dir}/shop/process.json, activity "ask": "next_id" is "nowhere", which names no activity`,
    );
    expect(failure.output).toContain('Fix: use the my_id of an existing activity, or null');
    expect(failure.output).not.toMatch(/\n\s+at /); // no stack trace for a configuration mistake
  });

  it('does not boot with an invalid setting or an unknown DEFAULT_PROCESS', async () => {
    const badPort = await failToStart({ PORT: 'eighty' });
    expect(badPort.code).toBe(1);
    expect(badPort.output).toMatch(/invalid settings:[\s\S]*PORT/);
    const badDefault = await failToStart({ DEFAULT_PROCESS: 'nope' });
    expect(badDefault.code).toBe(1);
    expect(badDefault.output).toContain(
      'DEFAULT_PROCESS is "nope", but there is no process "nope"',
    );
  });
});
