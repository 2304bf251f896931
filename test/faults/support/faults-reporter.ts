import type { Reporter, TestModule } from 'vitest/node';
import SummaryReporter from '../../support/summary-reporter.js';

/** Repeats every `faults: ...` summary line at the end of the run, with the run's wall time. */
export default class FaultsReporter extends SummaryReporter implements Reporter {
  private readonly lines: string[] = [];
  private readonly started = Date.now();

  onUserConsoleLog(log: { content: string }): void {
    for (const line of log.content.split('\n'))
      if (line.startsWith('faults: ')) this.lines.push(line);
  }

  override onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const seconds = ((Date.now() - this.started) / 1000).toFixed(0);
    process.stdout.write(`\n${this.lines.join('\n')}\nfaults: wall_time_s=${seconds}\n`);
    super.onTestRunEnd(testModules);
  }
}
