import { readFileSync, statSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { browserTestsRun, useBrowser } from '../support/browser.js';
import { docsScreenshot } from '../support/docs-screenshots.js';
import { useTestApp } from '../support/fixtures.js';

describe.runIf(browserTestsRun)('the playground for an author', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'name_nickname' });
  const chromium = useBrowser();

  /** A page that records every response of 400 or more (a favicon 404 included). */
  async function open(width: number, height = 800): Promise<{ page: Page; failed: string[] }> {
    const page = await chromium.browser.newPage({ viewport: { width, height } });
    const failed: string[] = [];
    page.on('response', (r) => {
      if (r.status() >= 400) failed.push(`${r.status()} ${r.url()}`);
    });
    return { page, failed };
  }
  const at = (page: Page, activity: string) =>
    page.waitForSelector(`#diagram .djs-element.current[data-element-id="${activity}"]`, {
      timeout: 10_000,
    });

  it('lets ?process= win over the saved conversation on the playground', async () => {
    const { page, failed } = await open(1280);
    await page.goto(app.url);
    await at(page, 'name_nickname');
    await page.goto(`${app.url}/?process=store`);
    await at(page, 'choose_item');
    expect(await page.inputValue('#process')).toBe('store');
    expect(await page.locator('#messages li.bot').first().innerText()).toContain(
      'Welcome to the shop',
    );
    expect(failed).toEqual([]);
  });

  it.each(['rasa', 'webchat'])('lets ?process= win on the %s widget page', async (widget) => {
    const { page, failed } = await open(1280);
    {
      await page.goto(`${app.url}/widgets/${widget}.html?process=quickstart`);
      await page.waitForSelector('#process option', { state: 'attached' });
      await page.waitForFunction(
        (key) => localStorage.getItem(key) !== null,
        `mmcc.widgets.${widget}`,
      );
      await page.goto(`${app.url}/widgets/${widget}.html?process=store`);
      await page.waitForSelector('#process option', { state: 'attached' });
      expect(await page.inputValue('#process')).toBe('store');
    }
    expect(failed).toEqual([]);
  });

  it('draws readable labels and the path taken, styles the buttons, and offers "start again" after the END', async () => {
    const { page, failed } = await open(1280);
    await page.goto(`${app.url}/?process=name_nickname`);
    await at(page, 'name_nickname');
    const labels = await page.locator('#diagram text').allTextContents();
    expect(labels.join(' ')).toContain('insert nickname');
    expect(labels.filter((l) => l.includes('_'))).toEqual([]);

    const button = page.locator('#buttons button', { hasText: 'Use the name' });
    expect(await button.evaluate((b) => getComputedStyle(b).borderRadius)).toBe('6px');
    await button.click();
    await at(page, 'insert_name');
    await page.waitForSelector('#diagram .djs-element.visited[data-element-id="name_nickname"]');
    await page.fill('#utterance', 'Mark');
    await page.press('#utterance', 'Enter');
    await at(page, 'insert_age');
    await page.fill('#utterance', '30');
    await page.press('#utterance', 'Enter');
    await page.waitForSelector('#buttons button.restart');
    await page.click('#buttons button.restart');
    await at(page, 'name_nickname');
    expect(await page.locator('#messages li.bot').count()).toBe(1);
    expect(failed).toEqual([]);
  });

  it('shows an error in the chat, not only in the Data panel', async () => {
    const { page } = await open(1280);
    await page.goto(`${app.url}/?process=quickstart`);
    await at(page, 'echo');
    await page.fill('#payload', '[1, 2]');
    await page.click('#data button');
    const notice = page.locator('#messages li.notice');
    await notice.waitFor();
    expect(await notice.innerText()).toMatch(/^BAD_MESSAGE: /);
  });

  it('is usable at phone width (390 px): nothing overflows, the chat works', async () => {
    const { page, failed } = await open(390, 844);
    await page.goto(`${app.url}/?process=store`);
    await at(page, 'choose_item');
    await page.click('#buttons button:has-text("cap")');
    await at(page, 'customize');
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    // docs/playground-phone.png under `npm run docs:screenshots`, test-output/ otherwise
    const shot = await docsScreenshot(page, 'playground-phone', { fullPage: true });
    expect(shot).toMatchObject({ width: 390 });
    expect(shot.height).toBeGreaterThanOrEqual(844);
    expect(statSync(shot.path).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(readFileSync(shot.path).length).toBeGreaterThan(10_000);
    expect(failed).toEqual([]);
  });
});
