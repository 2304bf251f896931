import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { rebuildRollup } from '../../src/persistence/analytics-rollup.js';
import { connectIo } from '../support/clients.js';
import { browserTestsRun, useBrowser } from '../support/browser.js';
import {
  ADMIN_TOKEN,
  data,
  knownHistory,
  shopConfig,
  sqlClocks,
} from '../support/console-history.js';
import { docsScreenshot } from '../support/docs-screenshots.js';
import { useTestApp } from '../support/fixtures.js';
import { botSays, rasaWebchat } from './widget-drivers.js';

const config = shopConfig();
afterAll(() => config.remove());

describe.runIf(browserTestsRun)('the operator console, in Chromium', () => {
  const app = useTestApp('sqlite', { CONFIG_DIR: config.dir, ADMIN_TOKEN });
  const chromium = useBrowser();
  /** docs/console-*.png under `npm run docs:screenshots`, test-output/ otherwise; the viewport's size. */
  const shot = async (page: Page, name: string) =>
    expect(await docsScreenshot(page, name)).toMatchObject({ width: 1400, height: 1000 });

  beforeAll(async () => {
    const source = app.app.get(DataSource);
    const { clock, completed } = sqlClocks((sql, values) => source.query(sql, values), false);
    await knownHistory(app.url, clock, completed);
    // (the history's times were set after its turns: the analytics' rollup is counted again from the log)
    await rebuildRollup(source);
  });

  it('signs in, draws the known figures, follows a live interaction, takes it over and hands it back', async () => {
    const context = await chromium.browser.newContext({ viewport: { width: 1400, height: 1000 } });
    const page = await context.newPage();
    page.setDefaultTimeout(8_000);
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));

    // the console asks for the token and keeps it in the tab only
    await page.goto(`${app.url}/console`);
    await page.fill('#token', 'not-the-token-at-all');
    await page.click('#sign-in button');
    await page.locator('#sign-in-error', { hasText: 'That is not the admin token.' }).waitFor();
    await page.fill('#token', ADMIN_TOKEN);
    await page.click('#sign-in button');
    await page.locator('#live', { hasText: 'live' }).waitFor();
    expect(page.url()).not.toContain(ADMIN_TOKEN);
    const kept = await page.evaluate(() => JSON.stringify({ ...localStorage }) + document.cookie);
    expect(kept).not.toContain(ADMIN_TOKEN);
    expect(await page.evaluate(() => sessionStorage.getItem('mmcc-console-token'))).toBe(
      ADMIN_TOKEN,
    );

    // the heat map and the funnel show the known history's figures
    await page.selectOption('#process', 'shop');
    await page
      .locator('#totals', { hasText: '5 started · 2 completed (40%) · 2 abandoned · 1 waiting' })
      .waitFor();
    const badge = (id: string) => page.locator(`.badge[data-activity="${id}"]`).innerText();
    expect(await badge('name')).toBe('5 · 1 · 1');
    expect(await badge('age')).toBe('3 · 0 · 1');
    expect(await badge('end')).toBe('2 · 0 · 0');
    const heat = (id: string) =>
      page.locator(`[data-element-id="${id}"]`).first().getAttribute('class');
    expect(await heat('name')).toContain('heat-1'); // 1 of 5 abandoned
    expect(await heat('age')).toContain('heat-2'); // 1 of 3
    expect(await heat('end')).toContain('heat-0');
    expect(await page.locator('#funnel li[data-activity="name"] .figures').innerText()).toBe(
      '5 reached · 1 abandoned · 2 refused · 0 failed · 1 no intent · median 30 s',
    );
    expect(await page.locator('#funnel li[data-activity="age"] .figures').innerText()).toBe(
      '3 reached · 1 abandoned · 0 refused · 1 failed · 0 no intent · median 30 s',
    );
    await shot(page, 'console-heat-map');

    // a rasa-webchat page and a socket.io client on one interaction
    const widget = await context.newPage();
    await widget.goto(`${app.url}${rasaWebchat.path}?process=shop`);
    await botSays(rasaWebchat, widget, 0, 'Your name?');
    const { uid, interaction } = await rasaWebchat.session(widget);
    const user = connectIo(app.url, { uid, interaction });
    expect(await user.next('session')).toMatchObject({ resumed: true, interaction });

    // open it in the console and watch a turn of the socket.io client appear
    await page.fill('#uid', uid);
    await page.click('#filters button');
    await page.click(`#list tr[data-interaction="${interaction}"]`);
    await page.locator('#transcript li.bot', { hasText: 'Your name?' }).waitFor();
    await user.send(data({ name: 'Sam' }));
    await page.locator('#transcript li.bot', { hasText: 'Hello Sam' }).waitFor();
    await page.locator('#detail-status', { hasText: 'active' }).waitFor();
    await page.locator('#context', { hasText: '"name": "Sam"' }).waitFor();
    expect(await page.locator('[data-element-id="age"]').first().getAttribute('class')).toContain(
      'at-current',
    );

    // take it over: the operator's message reaches the socket.io client and the rasa-webchat page
    await page.click('#takeover');
    await page.locator('#detail-status', { hasText: 'held' }).waitFor();
    const before = (await rasaWebchat.botTexts(widget)).length;
    await page.fill('#operator-text', 'Hi, I am Alex from the shop');
    await page.click('#say button');
    for (;;) {
      const message = await user.next('message');
      if (message.from === 'operator') {
        expect(message).toMatchObject({ utterance: 'Hi, I am Alex from the shop', status: 'held' });
        break;
      }
    }
    await botSays(rasaWebchat, widget, before, 'Hi, I am Alex from the shop');
    await page
      .locator('#transcript li.operator', { hasText: 'Hi, I am Alex from the shop' })
      .waitFor();
    // the user's answer while held is shown to the operator, and the process does not step
    expect(await user.send(data({ age: 30 }))).toMatchObject({ status: 'held', utterance: '' });
    await page.locator('#transcript li.user.held', { hasText: '"age":30' }).waitFor();
    await shot(page, 'console-takeover');

    // release it: the process answers again
    await page.click('#release');
    await page.locator('#detail-status', { hasText: 'active' }).waitFor();
    expect(await user.send(data({ age: 30 }))).toMatchObject({
      utterance: 'Noted\nThanks, bye',
      status: 'completed',
    });
    await page.locator('#transcript li.bot', { hasText: 'Noted' }).waitFor();
    await page.locator('#detail-status', { hasText: 'completed' }).waitFor();
    await page.locator('#detail').scrollIntoViewIfNeeded();
    await shot(page, 'console-interaction');
    expect(problems).toEqual([]);
    // the playground links to the console
    const playground = await context.newPage();
    await playground.goto(app.url);
    await playground.click('#console');
    await playground.waitForURL(`${app.url}/console/`);
    user.close();
    await context.close();
  }, 120_000);
});
