import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = new URL('../../test-output/playground/', import.meta.url).pathname;

// Debian's Chromium (`apt-get install chromium`; .ci/run installs it), never a downloaded browser.
// Without it the test is skipped, except in CI, where its absence fails the run.
describe.runIf(existsSync(CHROMIUM) || process.env.CI === 'true')(
  'the playground page at /',
  () => {
    let db: TestDatabase;
    let app: TestApp;
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      db = await createTestDatabase('sqlite');
      app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'name_nickname' });
      browser = await chromium.launch({
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
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await db?.drop();
    });

    /** Waits until the diagram highlights this activity, checks it is the only one, and takes a screenshot. */
    async function expectAt(page: Page, activity: string, shot: string) {
      await page.waitForSelector(`#diagram .node.current[data-activity="${activity}"]`, {
        timeout: 10_000,
      });
      expect(await page.locator('#diagram .node.current').count()).toBe(1);
      await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
    }

    const lastBotMessage = (page: Page) => page.locator('#messages li.bot').last().innerText();

    it('completes name_nickname by clicking and typing, and resumes after a reload', async () => {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      await page.goto(app.url);
      await page.waitForSelector('.state[data-state="connected"]');
      await page.fill('#uid', 'browser-user');
      await page.click('#start');
      await page.waitForSelector('.state[data-state="connected"]');
      await expectAt(page, 'name_nickname', '1-welcome');
      expect(await lastBotMessage(page)).toBe('Would you like to insert the name or a nickname?');

      await page.click('#buttons button:has-text("Use the name")');
      await expectAt(page, 'insert_name', '2-clicked-name');
      expect(await lastBotMessage(page)).toBe('Please insert your name');

      await page.fill('#utterance', 'Mark');
      await page.press('#utterance', 'Enter');
      await expectAt(page, 'insert_age', '3-typed-name');

      await page.reload();
      await page.waitForSelector('.state[data-state="resumed"]');
      await expectAt(page, 'insert_age', '4-after-reload');
      // the whole conversation is back, replayed by the server
      await page.waitForFunction(() => document.querySelectorAll('#messages li.bot').length === 3);
      expect(await page.locator('#messages li.bot').allInnerTexts()).toEqual([
        'Would you like to insert the name or a nickname?',
        'Please insert your name',
        'Please insert your age',
      ]);

      await page.fill('#utterance', '30');
      await page.click('#say button');
      await expectAt(page, 'end', '5-completed');
      expect(await lastBotMessage(page)).toBe('Name, Mark 30\nProcess completed!');
      expect(await page.locator('#last-payload').innerText()).toContain(
        '"summary": "Name, Mark 30"',
      );
    });
  },
);
