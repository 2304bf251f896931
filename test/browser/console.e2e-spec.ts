import type { Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { rebuildRollup } from '../../src/persistence/analytics-rollup.js';
import { connectIo } from '../support/clients.js';
import { browserTestsRun, useBrowser } from '../support/browser.js';
import {
  ADMIN_TOKEN,
  type Clock,
  data,
  knownHistory,
  shopConfig,
  sqlClocks,
} from '../support/console-history.js';
import { docsScreenshot } from '../support/docs-screenshots.js';
import { useTestApp } from '../support/fixtures.js';
import { http } from '../support/test-app.js';
import { botSays, rasaWebchat } from './widget-drivers.js';

/** A process whose activity ids are long names made of words: the diagram's labels and the funnel. */
const DELIVERY = [
  'start',
  'ask_for_the_delivery_address',
  'confirm_the_payment_method',
  'order_placed',
];
const config = shopConfig({
  'delivery/process.json': {
    activities: DELIVERY.map((id, n) => ({
      my_id: id,
      next_id: DELIVERY[n + 1] ?? null,
      my_type: n === 0 ? 'START' : n === DELIVERY.length - 1 ? 'END' : 'TASK',
    })),
    first_activity_id: 'start',
  },
  'delivery/kb.json': {
    ask_for_the_delivery_address: 'Where to?',
    confirm_the_payment_method: 'Card or cash?',
    order_placed: 'On its way',
  },
  'delivery/callbacks.ts': `import type { Callbacks } from 'mmcc-backend';
const callbacks: Callbacks = {
  start: () => ({ complete: true, utterance: 'Hi' }),
  ask_for_the_delivery_address: (data) => ({ complete: typeof data.address === 'string' }),
  confirm_the_payment_method: (data) => ({ complete: typeof data.method === 'string' }),
};
export default callbacks;
`,
});
afterAll(() => config.remove());

/** Delivery interactions: one placed (30 s at the payment), one given up at the payment (its turns are old), one just started. */
async function deliveryHistory(url: string, clock: Clock) {
  const start = async (uid: string) => {
    const started = await http('POST', `${url}/interactions`, {
      body: { uid, process: 'delivery' },
    });
    const conversation = { id: started.body.interaction as string, uid };
    const send = (payload: object) =>
      http('POST', `${url}/interactions/${conversation.id}/messages`, {
        uid,
        body: data(payload as Record<string, unknown>),
      });
    return { conversation, send };
  };
  const placed = await start('dora');
  await placed.send({ address: '1 Main St' });
  await placed.send({ method: 'card' });
  for (const [seq, seconds] of [0, 10, 40].entries())
    await clock(placed.conversation, seq + 1, seconds);
  const gaveUp = await start('dirk');
  await gaveUp.send({ address: '2 Side St' });
  await clock(gaveUp.conversation, 1, 0);
  await clock(gaveUp.conversation, 2, 20);
  await start('dina');
}

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
    await deliveryHistory(app.url, clock);
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

    // long activity names: the diagram's labels wrap between words, the funnel shows them whole
    await page.selectOption('#process', 'delivery');
    await page.locator('#detail').waitFor({ state: 'hidden' });
    await page.fill('#uid', '');
    await page.click('#filters button');
    await page.locator('#list tr[data-interaction]').nth(2).waitFor();
    await page
      .locator('#totals', { hasText: '3 started · 1 completed (33%) · 1 abandoned · 1 waiting' })
      .waitFor();
    for (const id of DELIVERY.slice(1)) {
      const words = id.split('_');
      // a task's label is inside its shape, an event's beside it (its own element, id_label)
      const lines = await page
        .locator(
          `[data-element-id="${id}"] .djs-label tspan, [data-element-id="${id}_label"] tspan`,
        )
        .allTextContents();
      expect(lines.length, id).toBeGreaterThan(0);
      // every line is whole words of the name, in order: no word is cut between two lines
      expect(lines.map((line) => line.trim()).join(' '), id).toBe(words.join(' '));
      if (id !== 'order_placed') expect(lines.length, id).toBeGreaterThan(1);
      const name = page.locator(`#funnel li[data-activity="${id}"] .name`);
      expect(await name.innerText()).toBe(words.join(' '));
      expect(await name.getAttribute('title')).toBe(id);
      // not clipped: the whole name is shown on its line
      expect(await name.evaluate((e) => e.scrollWidth <= e.clientWidth)).toBe(true);
    }
    expect(
      await page
        .locator('#funnel li[data-activity="confirm_the_payment_method"] .figures')
        .innerText(),
    ).toBe('2 reached · 1 abandoned · 0 refused · 0 failed · 0 no intent · median 30 s');
    await page.evaluate(() => window.scrollTo(0, 0));
    await shot(page, 'console-heat-map');
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
