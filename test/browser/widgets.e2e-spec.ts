import { useServersOnRedis } from '../support/several-servers.js';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { createTestDatabase, type TestDatabase, testDatabases } from '../support/databases.js';
import { hasRedisServer } from '../support/redis-server.js';
import { http, startTestApp, type TestApp } from '../support/test-app.js';
import { botSays, rasaWebchat, STORE_STEPS, webChat, type WidgetDriver } from './widget-drivers.js';

const CHROMIUM = '/usr/bin/chromium';
const SHOTS = new URL('../../test-output/widgets/', import.meta.url).pathname;
const WIDGETS = [rasaWebchat, webChat];

const launch = () =>
  chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
  });

/** Takes one store step in a page: the click or the sentence, then waits for the bot's answer. */
async function step(driver: WidgetDriver, page: Page, s: (typeof STORE_STEPS)[number]) {
  const before = (await driver.botTexts(page)).length;
  if (s.click !== undefined) await driver.click(page, s.click);
  else await driver.type(page, s.type!);
  await botSays(driver, page, before, s.expect);
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });

async function expectCompleted(url: string, driver: WidgetDriver, page: Page) {
  const { uid, interaction } = await driver.session(page);
  const view = await http('GET', `${url}/interactions/${interaction}`, { uid });
  expect(view.body).toMatchObject({ process: 'store', status: 'completed', activity: 'end' });
  const transcript = await http('GET', `${url}/interactions/${interaction}/messages`, { uid });
  // Every step was one turn: the clicks as data, the sentences as text.
  expect(transcript.body.map((e: any) => e.input?.type ?? 'welcome')).toEqual([
    'welcome',
    ...STORE_STEPS.map((s) => (s.click !== undefined ? 'data' : 'utterance')),
  ]);
}

describe.runIf(existsSync(CHROMIUM) || process.env.CI === 'true')(
  'the chat widgets from npm, in Chromium, against one server',
  () => {
    let db: TestDatabase;
    let app: TestApp;
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      db = await createTestDatabase('sqlite');
      app = await startTestApp({ ...db.env });
      browser = await launch();
    });
    afterAll(async () => {
      await browser?.close();
      await app?.close();
      await db?.drop();
    });

    it.each(WIDGETS)(
      '$name: clicks and sentences, a reload that carries on, to the END of the store',
      async (driver) => {
        const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
        const page = await context.newPage();
        await page.goto(`${app.url}${driver.path}?process=store`);
        await botSays(driver, page, 0, 'Which item would you like?');
        await shot(page, `${driver.path.slice(9, -5)}-1-welcome`);
        await step(driver, page, STORE_STEPS[0]);
        await step(driver, page, STORE_STEPS[1]);
        const said = await driver.botTexts(page);

        await page.reload();
        await botSays(driver, page, said.length - 1, STORE_STEPS[1].expect);
        expect(await driver.botTexts(page)).toEqual(said);
        await shot(page, `${driver.path.slice(9, -5)}-2-after-reload`);

        // The page is closed while the conversation goes on elsewhere (the Interactions API, as our own
        // transports would): opened again, the widget shows the reply it missed, and carries on.
        const { uid, interaction } = await driver.session(page);
        await page.close();
        const away = await http('POST', `${app.url}/interactions/${interaction}/messages`, {
          uid,
          body: { type: 'data', payload: { intent: 'state_preference', preference: 'black' } },
        });
        expect(away.body).toMatchObject({ seq: 4, activity: 'customize' });
        const back = await context.newPage();
        await back.goto(`${app.url}${driver.path}?process=store`);
        await botSays(driver, back, said.length, STORE_STEPS[2].expect);
        await shot(back, `${driver.path.slice(9, -5)}-3-missed-reply`);
        for (const s of STORE_STEPS.slice(3)) await step(driver, back, s);
        expect((await driver.botTexts(back)).slice(-2).join('\n')).toContain(
          'Your order: a black cap, size M, shipping to Via Roma 1, Milan, paid with visa ending 4242.',
        );
        await shot(back, `${driver.path.slice(9, -5)}-4-completed`);
        await expectCompleted(app.url, driver, back);
        await context.close();
      },
    );
  },
);

const postgres = testDatabases().includes('postgres');
const redis = hasRedisServer() || process.env.CI === 'true';
const ready = (existsSync(CHROMIUM) || process.env.CI === 'true') && postgres && redis;

describe.runIf(ready)(
  'the chat widgets from npm, in Chromium, over two servers behind the Redis adapter',
  () => {
    // The servers must accept each other's Rasa session ids and Direct Line tokens: one SESSION_SECRET.
    const { servers } = useServersOnRedis({ SESSION_SECRET: 'one-secret-for-both-servers' });
    let browser: Browser;
    beforeAll(async () => {
      mkdirSync(SHOTS, { recursive: true });
      browser = await launch();
    });
    afterAll(async () => {
      await browser?.close();
    });

    it.each(WIDGETS)(
      '$name: two tabs of one conversation, one on each server, see every reply and reach the END',
      async (driver) => {
        const [a, b] = servers;
        const context: BrowserContext = await browser.newContext({
          viewport: { width: 1280, height: 800 },
        });
        // Both tabs are pages of server A (one storage, so one conversation); the second talks to server B.
        const tabA = await context.newPage();
        await tabA.goto(`${a.url}${driver.path}?process=store`);
        await botSays(driver, tabA, 0, 'Which item would you like?');
        const tabB = await context.newPage();
        await tabB.goto(`${a.url}${driver.path}?process=store&server=${encodeURIComponent(b.url)}`);
        await botSays(driver, tabB, 0, 'Which item would you like?');

        for (const [index, s] of STORE_STEPS.entries()) {
          const [acting, watching] = index % 2 === 0 ? [tabA, tabB] : [tabB, tabA];
          const watched = (await driver.botTexts(watching)).length;
          await step(driver, acting, s);
          // The reply of a turn on one server reaches the tab on the other.
          await botSays(driver, watching, watched, s.expect);
        }
        await shot(tabA, `${driver.path.slice(9, -5)}-two-servers-tab-a`);
        await shot(tabB, `${driver.path.slice(9, -5)}-two-servers-tab-b`);
        await expectCompleted(b.url, driver, tabB);
        await context.close();
      },
    );
  },
);
