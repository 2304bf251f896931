import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { failToStart, startServer } from '../support/server-process.js';
import { configProblemOf, smallProcess, tempConfig } from '../support/temp-config.js';
import { http } from '../support/test-app.js';

describe('messages that help an author', () => {
  it('a failed boot ends with its reason: Nest lists modules and routes at debug level only', async () => {
    const config = tempConfig(smallProcess('p'));
    config.write('p/kb.json', '{\n  "ask": "Ask me",\n  "end": \n}\n');
    try {
      const { code, output } = await failToStart({ CONFIG_DIR: config.dir });
      expect(code).toBe(1);
      const lines = output.trim().split('\n');
      expect(lines.at(-1)).toMatch(
        /^mmcc-backend did not start: .*p\/kb\.json: the file is not valid JSON/,
      );
      expect(output).not.toMatch(/Mapped \{|dependencies initialized/);
    } finally {
      config.remove();
    }
  });

  it('a normal boot at info level has no route inventory; LOG_LEVEL=debug has it', async () => {
    for (const [level, shown] of [
      ['info', false],
      ['debug', true],
    ] as const) {
      const server = await startServer({ LOG_LEVEL: level });
      await server.stop();
      expect(/Mapped \{\/interactions, POST\} route/.test(server.output()), level).toBe(shown);
    }
  });

  it('an invalid kb.json or process.json names the line and the column', async () => {
    const kb = await configProblemOf({
      ...smallProcess('p'),
      'p/kb.json': '{\n  "ask": "Ask me",\n  "end": \n}\n',
    });
    expect(kb).toContain(
      '<dir>/p/kb.json: the file is not valid JSON: line 4, column 1: a value is expected',
    );
    const process = await configProblemOf({
      ...smallProcess('p'),
      'p/process.json': '{ "activities": [],, }',
    });
    expect(process).toContain(
      'process.json: the file is not valid JSON: line 1, column 20: a property name (in double quotes) is expected',
    );
  });

  it('a missing callback suggests the one that was meant', async () => {
    const problem = await configProblemOf(
      smallProcess(
        'p',
        `export default { start: () => ({ complete: true }), asks: () => ({ complete: true }) };`,
      ),
    );
    expect(problem).toContain(
      'the TASK has no callback, but there is one for "asks" (did you mean "ask"?)',
    );
    expect(problem).toContain('rename the callback "asks" to "ask"');
  });
});

describe.each(testDatabases())('messages at the HTTP doors on %s', (kind) => {
  const app = useTestApp(kind);

  it('a JSON body sent without Content-Type: application/json says so', async () => {
    const started = await http('POST', `${app.url}/interactions`, { body: { uid: 'bob' } });
    const id = started.body.interaction as string;
    const asForm = await fetch(`${app.url}/interactions/${id}/messages`, {
      method: 'POST',
      headers: { 'x-user-id': 'bob', 'content-type': 'application/x-www-form-urlencoded' },
      body: '{"type": "utterance", "utterance": "hi"}',
    });
    expect(asForm.status).toBe(400);
    expect(await asForm.json()).toMatchObject({
      code: 'BAD_MESSAGE',
      message: expect.stringContaining(
        'sent with Content-Type application/x-www-form-urlencoded, so it was not read as JSON: send it with the header "Content-Type: application/json"',
      ),
    });
    const untyped = await fetch(`${app.url}/interactions/${id}/messages`, {
      method: 'POST',
      headers: { 'x-user-id': 'bob' },
      body: new Blob(['{"type": "utterance", "utterance": "hi"}']),
    });
    expect(untyped.status).toBe(400);
    expect((await untyped.json()).message).toContain('sent with no Content-Type');
  });

  it('the transcript accepts the uid query parameter, as GET /interactions/:id does', async () => {
    const started = await http('POST', `${app.url}/interactions`, { body: { uid: 'bob' } });
    const id = started.body.interaction as string;
    const view = await fetch(`${app.url}/interactions/${id}?uid=bob`);
    const transcript = await fetch(`${app.url}/interactions/${id}/messages?uid=bob`);
    expect(view.status).toBe(200);
    expect(transcript.status).toBe(200);
    expect(((await transcript.json()) as unknown[]).length).toBe(1);
    const other = await fetch(`${app.url}/interactions/${id}/messages?uid=eve`);
    expect(other.status).toBe(404);
  });
});
