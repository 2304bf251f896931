import { stripVTControlCharacters } from 'node:util';
import { XMLBuilder } from 'fast-xml-parser';
import type { ProcessStoriesResult } from './run-process-stories.js';
import { coverageLines, percent, storyLines } from './text-report.js';

const seconds = (ms: number) => (ms / 1000).toFixed(3);
const plain = (lines: readonly string[]) => stripVTControlCharacters(lines.join('\n'));

/**
 * The run as JUnit XML, for CI: one testsuite per process, one testcase per story (a failure holds
 * the turn's diff), and, with a minimum coverage, one testcase "coverage" per process.
 */
export function junitReport(
  results: readonly ProcessStoriesResult[],
  minCoverage?: number,
): string {
  const suites = results.map((r) => {
    const name = r.process.name;
    const cases: Record<string, unknown>[] = r.results.map(({ story, ms, failure }) => ({
      '@_name': story.name,
      '@_classname': name,
      '@_file': story.file,
      '@_line': story.line,
      '@_time': seconds(ms),
      ...(failure === undefined
        ? {}
        : {
            failure: {
              '@_message': `turn ${failure.turn}: ${failure.mismatches.map((m) => `${m.what} expected ${m.expected}, got ${m.got}`).join('; ')}`,
              '@_type': 'story',
              '#text': plain(storyLines({ story, ms, failure })),
            },
          }),
    }));
    if (r.refused !== undefined) {
      cases.push({
        '@_name': 'story files',
        '@_classname': name,
        '@_time': '0',
        error: {
          '@_message': r.refused.problems[0]?.problem ?? 'broken',
          '@_type': 'CONFIG_INVALID',
          '#text': r.refused.message,
        },
      });
    } else if (minCoverage !== undefined) {
      const under = r.coverage.percent < minCoverage;
      cases.push({
        '@_name': `coverage at least ${minCoverage}%`,
        '@_classname': name,
        '@_time': '0',
        ...(under
          ? {
              failure: {
                '@_message': `coverage ${percent(r.coverage.percent)} is under ${minCoverage}%`,
                '@_type': 'coverage',
                '#text': plain(coverageLines(r)),
              },
            }
          : {}),
      });
    }
    const failures = cases.filter((c) => c.failure !== undefined).length;
    return {
      '@_name': name,
      '@_tests': cases.length,
      '@_failures': failures,
      '@_errors': r.refused === undefined ? 0 : 1,
      '@_time': seconds(r.ms),
      properties: { property: [{ '@_name': 'coverage', '@_value': percent(r.coverage.percent) }] },
      testcase: cases,
    };
  });
  const total = (key: '@_tests' | '@_failures' | '@_errors') =>
    suites.reduce((n, s) => n + s[key], 0);
  const document = {
    '?xml': { '@_version': '1.0', '@_encoding': 'UTF-8' },
    testsuites: {
      '@_name': 'process stories',
      '@_tests': total('@_tests'),
      '@_failures': total('@_failures'),
      '@_errors': total('@_errors'),
      '@_time': seconds(results.reduce((n, r) => n + r.ms, 0)),
      testsuite: suites,
    },
  };
  const builder = new XMLBuilder({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    format: true,
    suppressEmptyNode: true,
  });
  return builder.build(document) as string;
}
