import { spawn } from 'node:child_process';

const ROOT = new URL('../../', import.meta.url).pathname;

/** Runs `npm run chat -- <args>` with the given lines on stdin, and returns what it printed. */
function chat(
  args: string[],
  lines: string[],
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'chat', '--silent', '--', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(lines.map((l) => `${l}\n`).join(''));
  });
}

describe('npm run chat', () => {
  it('talks to name_nickname from piped stdin, with text and JSON data', async () => {
    const { code, stdout } = await chat(
      ['name_nickname'],
      ['nickname?', '{"name_nickname": "name"}', 'Mark', '30', '/restart'],
    );
    expect(code).toBe(0);
    const expected = [
      'bot> Would you like to insert the name or a nickname?',
      '     activity name_nickname   done []',
      'bot> The choice is not valid',
      'bot> Please insert your name',
      '     activity insert_name   done []',
      'bot> Please insert your age',
      'bot> Name, Mark 30\n     Process completed!',
      '     payload  {"summary":"Name, Mark 30"}',
      '     activity end   done []',
    ];
    let at = 0;
    for (const line of expected) {
      const found = stdout.indexOf(line, at);
      expect(found, `"${line}" after position ${at} in:\n${stdout}`).toBeGreaterThanOrEqual(0);
      at = found + line.length;
    }
    // /restart begins a new interaction
    expect(
      stdout.lastIndexOf('bot> Would you like to insert the name or a nickname?'),
    ).toBeGreaterThan(at);
  });

  it('runs quickstart, reports bad JSON without stopping, and refuses an unknown process', async () => {
    const { code, stdout } = await chat(['quickstart'], ['{"echo": ', 'Bob']);
    expect(code).toBe(0);
    expect(stdout).toContain('bot> Ready');
    expect(stdout).toContain('!    not valid JSON');
    expect(stdout).toContain('bot> Framework says: Bob\n     Process completed!');
    const unknown = await chat(['nope'], []);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(
      'there is no process "nope"; the processes are: name_nickname, name_nickname_bpmn, quickstart, store',
    );
  });
});
