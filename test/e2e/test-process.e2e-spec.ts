import { execFile } from 'node:child_process';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { XMLParser } from 'fast-xml-parser';
import { EXAMPLES, examplesConfig } from '../support/examples.js';
import { STORIES_FIXTURES } from '../support/stories.js';
import { tempConfig } from '../support/temp-config.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const exec = promisify(execFile);

/** Runs `npm run test:process -- <args>` as an author would; CONFIG_DIR as given (the default ./config when not). */
async function testProcess(args: string[], configDir?: string) {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
  delete env.CONFIG_DIR;
  if (configDir !== undefined) env.CONFIG_DIR = configDir;
  try {
    const { stdout, stderr } = await exec(
      'npm',
      ['run', 'test:process', '--silent', '--', ...args],
      {
        cwd: ROOT,
        env,
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run test:process', () => {
  it("runs every example's stories in config/: all pass, each process 100% covered, the store in under 1 s", async () => {
    // The examples by name: the user's own processes in config/ may have no stories yet.
    const { code, stdout } = await testProcess([...EXAMPLES, '--min-coverage', '100']);
    expect(code, stdout).toBe(0);
    for (const name of EXAMPLES) {
      const section = stdout.slice(stdout.indexOf(`${name} (config/${name}`));
      expect(section, name).toMatch(/^ {2}coverage 100% \(\d+ of \d+ items\)$/m);
    }
    expect(stdout).not.toContain('✗');
    const store = /^store \(config\/store, [\s\S]*?^ {2}(\d+) tests: \1 passed, in (\d+) ms$/m.exec(
      stdout,
    );
    expect(store, stdout).not.toBeNull();
    expect(Number(store![1])).toBeGreaterThanOrEqual(5);
    expect(Number(store![2])).toBeLessThan(1000);
    expect(stdout).toContain(
      `in ${EXAMPLES.length} processes: ${/(\d+) tests in/.exec(stdout)![1]} passed; coverage ${EXAMPLES.map((n) => `${n} 100%`).join(', ')}`,
    );
  });

  it('fails when a story of an example breaks, with the turn, what was expected and what came', async () => {
    const config = examplesConfig();
    try {
      const file = join(config.dir, 'store/tests/orders.yml');
      const story = readFileSync(file, 'utf8');
      writeFileSync(
        file,
        story.replace('      context: { item: cap }', '      context: { item: hat }'),
      );
      const { code, stdout } = await testProcess(['store'], config.dir);
      expect(code).toBe(1);
      const shown = stdout.replaceAll(config.dir, '<config>');
      expect(shown).toContain(
        [
          '  ✗ an order by chatting, changing the address and the payment (<config>/store/tests/orders.yml:3)',
          '      turn 1, user "I want a cap" (<config>/store/tests/orders.yml:6)',
          '        context.item  expected "hat"',
          '                      got      "cap"',
          '      what came:',
          '        reply     "Would you like to choose the colour or the size?"',
        ].join('\n'),
      );
      expect(shown).toContain('        activity  customize (active)');
      expect(shown).toMatch(/^ {2}5 tests: 4 passed, 1 failed, in \d+ ms$/m);
      expect(shown).not.toContain('name_nickname');
    } finally {
      config.remove();
    }
  });

  describe('on a process of its own', () => {
    const branches = (stories: string) => {
      const config = tempConfig({ 'branches/tests/paths.yml': stories });
      cpSync(join(STORIES_FIXTURES, 'branches'), join(config.dir, 'branches'), { recursive: true });
      return config;
    };

    it('writes JUnit XML for CI and fails under --min-coverage, listing what was never reached', async () => {
      const config = branches(
        '- test: passes\n  steps:\n    - user: a\n    - user: go\n      activity: extras\n' +
          '- test: fails\n  steps:\n    - user: b\n      activity: a\n',
      );
      try {
        const junit = join(config.dir, 'reports/stories.xml');
        const { code, stdout } = await testProcess(
          ['--junit', junit, '--min-coverage', '80'],
          config.dir,
        );
        expect(code).toBe(1);
        expect(stdout).toContain(
          '  coverage 36.8% (7 of 19 items), never reached:\n    - activity x\n',
        );
        expect(stdout).toContain('    - PARALLEL both → q\n');
        expect(stdout).toContain('coverage under 80% in branches');
        const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
          readFileSync(junit, 'utf8'),
        ) as {
          testsuites: {
            tests: string;
            failures: string;
            testsuite: { name: string; testcase: Record<string, unknown>[] };
          };
        };
        expect(xml.testsuites).toMatchObject({ tests: '3', failures: '2' });
        const [passes, fails, coverage] = xml.testsuites.testsuite.testcase;
        expect(passes).toMatchObject({ name: 'passes', classname: 'branches', line: '1' });
        expect(passes.failure).toBeUndefined();
        expect(fails).toMatchObject({
          name: 'fails',
          failure: { message: 'turn 1: activity expected a, got b', type: 'story' },
        });
        expect(coverage).toMatchObject({
          name: 'coverage at least 80%',
          failure: { message: 'coverage 36.8% is under 80%' },
        });
      } finally {
        config.remove();
      }
    });

    it('refuses a broken story file with its file, line and fix, and runs nothing', async () => {
      const config = branches('- test: one\n  steps:\n    - user: a\n      activty: a\n');
      try {
        const { code, stdout } = await testProcess(['branches'], config.dir);
        expect(code).toBe(1);
        expect(stdout.replaceAll(config.dir, '<config>')).toContain(
          '  ✗ a story file is broken, nothing ran:\n' +
            '    <config>/branches/tests/paths.yml:4: test "one", step 1: unknown key "activty" in a step. Fix: the keys of a step are',
        );
        expect(stdout).toContain('broken story files in branches');
      } finally {
        config.remove();
      }
    });

    it('names the processes there are when asked for one that is not', async () => {
      const { code, stderr } = await testProcess(['shop']);
      expect(code).toBe(1);
      expect(stderr).toMatch(/^test:process: .*"shop".*quickstart/m);
    });
  });
});
