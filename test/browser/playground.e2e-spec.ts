import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { browserTestsRun, SHOTS, useBrowser } from '../support/browser.js';
import { useTestApp } from '../support/fixtures.js';

describe.runIf(browserTestsRun)('the playground page at /', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'name_nickname' });
  const chromium = useBrowser();

  /**
   * Waits until the bpmn-js diagram highlights this activity (its element id is the activity id), checks
   * that it is the only one, and takes a screenshot.
   */
  async function expectAt(page: Page, activity: string, shot: string) {
    await page.waitForSelector(`#diagram .djs-element.current[data-element-id="${activity}"]`, {
      timeout: 10_000,
    });
    expect(await page.locator('#diagram .djs-element.current').count()).toBe(1);
    await page.screenshot({ path: join(SHOTS, `${shot}.png`), fullPage: true });
  }

  /** The labels that the diagram shows, as bpmn-js drew them. */
  const labels = (page: Page) => page.locator('#diagram text').allTextContents();

  const sendData = async (page: Page, payload: Record<string, unknown>) => {
    await page.fill('#payload', JSON.stringify(payload));
    await page.click('#data button');
  };

  const lastBotMessage = (page: Page) => page.locator('#messages li.bot').last().innerText();

  it('completes name_nickname by clicking and typing, and resumes after a reload', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.waitForSelector('.state[data-state="connected"]');
    await page.fill('#uid', 'browser-user');
    await page.click('#start');
    await page.waitForSelector('.state[data-state="connected"]');
    await expectAt(page, 'name_nickname', '1-welcome');
    expect(await lastBotMessage(page)).toBe('Would you like to insert the name or a nickname?');
    // the version of the process the interaction runs on
    await page.waitForSelector('body[data-version="1"]');
    expect(await page.locator('#version').innerText()).toMatch(/^version 1 \([0-9a-f]{8}\)$/);

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
    expect(await page.locator('#last-payload').innerText()).toContain('"summary": "Name, Mark 30"');
  });

  it("shows a process.bpmn as its author drew it, and follows the user's steps on it", async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.waitForSelector('.state[data-state="connected"]');
    await page.selectOption('#process', 'name_nickname_bpmn');
    // name_nickname (drawn from process.json) was shown first, and starts at the same activity id
    await page.waitForSelector('#diagram [data-element-id="Gateway_1j0b6wz"]');
    await expectAt(page, 'name_nickname', 'bpmn-1-welcome');
    // the author's labels and the author's join gateway, not a generated layout
    expect((await labels(page)).join(' ')).toContain('Name or nickname?');
    expect(await page.locator('#diagram [data-element-id="Gateway_1j0b6wz"]').count()).toBe(1);
    expect(await page.locator('#activity').innerText()).toBe(
      'at name_nickname (Name or nickname?)',
    );

    await page.click('#buttons button:has-text("Use a nickname")');
    await expectAt(page, 'insert_nickname', 'bpmn-2-nickname');
    await page.fill('#utterance', 'Bobby');
    await page.press('#utterance', 'Enter');
    await expectAt(page, 'insert_age', 'bpmn-3-age');
    await page.fill('#utterance', '7');
    await page.press('#utterance', 'Enter');
    await expectAt(page, 'end', 'bpmn-4-end');
    expect(await lastBotMessage(page)).toBe('Nickname, Bobby 7\nProcess completed!');
  });

  it('marks a PARALLEL gateway done once every branch was done (store, exported from process.json)', async () => {
    const page = await chromium.browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(app.url);
    await page.waitForSelector('.state[data-state="connected"]');
    await page.selectOption('#process', 'store');
    await expectAt(page, 'choose_item', 'store-1-welcome');
    // The links to the widget pages run the process picked here.
    expect(await page.getAttribute('#widget-rasa', 'href')).toBe(
      '/widgets/rasa.html?process=store',
    );
    expect(await page.getAttribute('#widget-webchat', 'href')).toBe(
      '/widgets/webchat.html?process=store',
    );
    await sendData(page, { intent: 'state_preference', preference: 'cap' });
    await expectAt(page, 'customize', 'store-2-customize');
    await sendData(page, { intent: 'change_something', change: 'color' });
    await expectAt(page, 'select_color', 'store-3-color');
    await sendData(page, { intent: 'state_preference', preference: 'black' });
    await expectAt(page, 'customize', 'store-4-back');
    expect(await page.locator('#diagram .djs-element.done').count()).toBe(0);
    await sendData(page, { intent: 'change_something', change: 'size' });
    await expectAt(page, 'select_size', 'store-5-size');
    await sendData(page, { intent: 'state_preference', preference: 'M' });
    await expectAt(page, 'customize', 'store-6-complete');
    await page.waitForSelector('#diagram .djs-element.done[data-element-id="customize"]');
    await sendData(page, { intent: 'change_nothing' });
    await expectAt(page, 'change_info', 'store-7-next');
    // leaving the PARALLEL takes it out of context._done_, and the marker with it
    await page.waitForFunction(
      () => document.querySelectorAll('#diagram .djs-element.done').length === 0,
    );
  });
});
