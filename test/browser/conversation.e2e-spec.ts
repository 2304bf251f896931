import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserTestsRun, SHOTS, useBrowser } from '../support/browser.js';
import { createTestDatabase, type TestDatabase } from '../support/databases.js';
import { startTestApp, type TestApp } from '../support/test-app.js';

/** Every line of the chat, in order, as `who: text`; lines still waiting for their reply are marked. */
const linesOf = (page: Page): Promise<string[]> =>
  page.$$eval('#messages li', (items) =>
    items.map(
      (li) =>
        `${li.classList.contains('pending') ? 'pending ' : ''}${li.className.split(' ')[0]}: ${(li as HTMLElement).innerText}`,
    ),
  );

/** Waits until the chat shows exactly these lines (a reply arrives asynchronously), then compares them. */
async function expectLines(page: Page, expected: string[]) {
  await page
    .waitForFunction(
      (count) =>
        document.querySelectorAll('#messages li').length === count &&
        document.querySelectorAll('#messages li.pending').length === 0,
      expected.length,
      { timeout: 10_000 },
    )
    .catch(() => undefined); // the comparison below says what is there instead
  expect(await linesOf(page)).toEqual(expected);
}

describe.runIf(browserTestsRun)('the playground shows both sides of the conversation', () => {
  const chromium = useBrowser();
  let db: TestDatabase;
  // Restarted on the same port and database during the test.
  let app: TestApp;
  beforeAll(async () => {
    db = await createTestDatabase('sqlite');
    app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'name_nickname' });
  });
  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('after a reload, in a second tab (live, both ways) and after a server restart', async () => {
    // One context: the tabs share localStorage, so the second opens the same interaction.
    const context = await chromium.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const first = await context.newPage();
    await first.goto(app.url);
    await first.waitForSelector('.state[data-state="connected"]');
    await first.fill('#uid', 'two-tabs');
    await first.click('#start');
    await first.waitForSelector('#messages li.bot');

    await first.click('#buttons button:has-text("Use the name")');
    await first.waitForSelector('#buttons button:has-text("Use the name")', { state: 'detached' });
    await first.fill('#utterance', 'Mark');
    await first.press('#utterance', 'Enter');
    const sofar = [
      'bot: Would you like to insert the name or a nickname?',
      'user: Use the name',
      'bot: Please insert your name',
      'user: Mark',
      'bot: Please insert your age',
    ];
    // the tab that sent them shows each line once, its own lines matched by message id
    await expectLines(first, sofar);
    expect(await first.locator('#messages li.user.clicked').allInnerTexts()).toEqual([
      'Use the name',
    ]);

    await first.reload();
    await first.waitForSelector('.state[data-state="resumed"]');
    await expectLines(first, sofar);

    const second = await context.newPage();
    await second.goto(app.url);
    await second.waitForSelector('.state[data-state="resumed"]');
    await expectLines(second, sofar);

    // The server restarts on the same port and database: both tabs reconnect by themselves.
    const port = Number(new URL(app.url).port);
    await app.close();
    await first.waitForSelector('.state[data-state="reconnecting"]');
    app = await startTestApp({ ...db.env, DEFAULT_PROCESS: 'name_nickname' }, port);
    await first.waitForSelector('.state[data-state="resumed"]', { timeout: 15_000 });
    await second.waitForSelector('.state[data-state="resumed"]', { timeout: 15_000 });

    // Data typed as JSON in the second tab shows as that JSON, in both tabs, live.
    await second.fill('#payload', '{"age": 30}');
    await second.click('#data button');
    const all = [...sofar, 'user: {"age":30}', 'bot: Name, Mark 30\nProcess completed!'];
    await expectLines(second, all);
    await expectLines(first, all);
    await second.screenshot({ path: join(SHOTS, 'conversation-second-tab.png'), fullPage: true });

    await first.reload();
    await first.waitForSelector('.state[data-state="resumed"]');
    await expectLines(first, all);
    await first.screenshot({ path: join(SHOTS, 'conversation-after-restart.png'), fullPage: true });
    await context.close();
  });
});
