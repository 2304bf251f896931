import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's Chromium (`apt-get install chromium`; .ci/run installs it), never a downloaded browser. */
export const CHROMIUM = '/usr/bin/chromium';

/** Without Chromium the browser tests are skipped, except in CI, where its absence fails the run. */
export const browserTestsRun = existsSync(CHROMIUM) || process.env.CI === 'true';

export const SHOTS = new URL('../../test-output/playground/', import.meta.url).pathname;

export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });

/** Debian's Chromium for the tests of the enclosing `describe`: launched before them, closed after them. */
export function useBrowser(): { readonly browser: Browser } {
  let browser: Browser | undefined;
  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });
  return {
    get browser() {
      if (browser === undefined)
        throw new Error('Chromium is not launched yet (use it inside a test)');
      return browser;
    },
  };
}
