import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { loadProcessFolder } from '../../../src/processes/process-folder.js';
import { junitReport } from '../../../src/stories/junit-report.js';
import { runProcessStories } from '../../../src/stories/run-process-stories.js';
import { engine, STORIES_FIXTURES } from '../../support/stories.js';
import { tempConfig } from '../../support/temp-config.js';

/** Runs the branches fixture with these story files (path under tests/ → YAML) and parses its JUnit report. */
async function junitOf(stories: Record<string, string>, minCoverage?: number) {
  const config = tempConfig(
    Object.fromEntries(Object.entries(stories).map(([f, y]) => [`branches/tests/${f}`, y])),
  );
  try {
    cpSync(join(STORIES_FIXTURES, 'branches'), join(config.dir, 'branches'), { recursive: true });
    const process = await loadProcessFolder(join(config.dir, 'branches'), 'branches');
    const xml = junitReport([await runProcessStories(process, engine)], minCoverage);
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' }).parse(
      xml,
    ) as {
      testsuites: Record<string, unknown> & { testsuite: Record<string, unknown> };
    };
    return { xml: xml.replaceAll(config.dir, '<dir>'), suites: parsed.testsuites };
  } finally {
    config.remove();
  }
}

describe(junitReport.name, () => {
  it('writes one testcase per story across files, a failure with the diff, and escapes what XML must', async () => {
    const { xml, suites } = await junitOf({
      'a.yml': '- test: "<a> & \\"b\\""\n  steps:\n    - user: a\n      activity: a\n',
      'b.yml': '- test: fails\n  steps:\n    - user: b\n      bot: "<nope>"\n',
    });
    expect(suites).toMatchObject({ tests: '2', failures: '1', errors: '0' });
    expect(suites.testsuite).toMatchObject({
      name: 'branches',
      properties: { property: { name: 'coverage', value: '31.5%' } },
    });
    const [first, second] = suites.testsuite.testcase as Record<string, unknown>[];
    expect(first).toMatchObject({ name: '<a> & "b"', classname: 'branches', line: '1' });
    expect(first.file).toMatch(/\/branches\/tests\/a\.yml$/);
    expect(first.failure).toBeUndefined();
    expect(second.failure).toMatchObject({
      message: 'turn 1: reply expected to contain "<nope>", got ""',
    });
    expect(xml).toContain('&lt;a&gt; &amp; &quot;b&quot;');
  });

  it('reports a broken story file as an error, and coverage under the minimum as a failure', async () => {
    const broken = await junitOf({ 'a.yml': '- test: one\n  steps: nothing\n' }, 100);
    expect(broken.suites).toMatchObject({ tests: '1', failures: '0', errors: '1' });
    expect(broken.suites.testsuite.testcase).toMatchObject({
      name: 'story files',
      error: {
        type: 'CONFIG_INVALID',
        message: 'test "one": "steps" is a string ("nothing"), not a list',
      },
    });
    const under = await junitOf({ 'a.yml': '- test: one\n  steps:\n    - user: a\n' }, 50);
    expect(under.suites.testsuite.testcase).toEqual([
      expect.objectContaining({ name: 'one' }),
      expect.objectContaining({
        name: 'coverage at least 50%',
        failure: expect.objectContaining({ message: 'coverage 21% is under 50%' }),
      }),
    ]);
  });
});
