import { closeAllWs, connectIo, connectWs, wsUrl } from '../support/clients.js';
import { browserTestsRun, useBrowser } from '../support/browser.js';
import { testDatabases } from '../support/databases.js';
import { type Nginx, nginxTestsRun, startNginx } from '../support/nginx.js';
import { hasRedisServer } from '../support/redis-server.js';
import { useServersOnRedis } from '../support/several-servers.js';
import { http } from '../support/test-app.js';
import { botSays, rasaWebchat, STORE_STEPS, webChat } from './widget-drivers.js';

const postgres = testDatabases().includes('postgres');
const redis = hasRedisServer() || process.env.CI === 'true';
// Skipped only where nginx is not installed; with CI=true it is required (.ci/run installs it).
const ready = browserTestsRun && nginxTestsRun && postgres && redis;

describe.runIf(ready)(
  "the compose stack's deploy/nginx.conf, run by nginx, in front of two servers",
  () => {
    // As docker-compose.yml runs them: one SESSION_SECRET, and nginx trusted as one hop.
    const { servers } = useServersOnRedis({
      SESSION_SECRET: 'one-secret-for-both-servers-behind-nginx',
      TRUST_PROXY: '1',
    });
    const chromium = useBrowser();
    let nginx: Nginx;
    beforeAll(async () => {
      nginx = await startNginx(servers.map((s) => new URL(s.url).host));
    });
    afterAll(async () => {
      closeAllWs();
      await nginx?.stop();
    });

    it.each([rasaWebchat, webChat])(
      '$name: the page through nginx reaches the bot and gets its replies',
      async (driver) => {
        const context = await chromium.browser.newContext({
          viewport: { width: 1280, height: 800 },
        });
        try {
          const page = await context.newPage();
          await page.goto(`${nginx.url}${driver.path}?process=store`);
          await botSays(driver, page, 0, 'Which item would you like?');
          const before = (await driver.botTexts(page)).length;
          await driver.click(page, STORE_STEPS[0].click!);
          await botSays(driver, page, before, STORE_STEPS[0].expect);
          await driver.type(page, STORE_STEPS[1].type!);
          await botSays(driver, page, before + 1, STORE_STEPS[1].expect);
        } finally {
          await context.close();
        }
      },
    );

    it("builds Direct Line's streamUrl from the host and port the client used", async () => {
      const { token } = (
        await http('POST', `${nginx.url}/v3/directline/tokens/generate`, {
          body: { user: { id: 'nina' }, process: 'store' },
        })
      ).body;
      const started = await http('POST', `${nginx.url}/v3/directline/conversations`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(started.body.streamUrl).toMatch(
        new RegExp(`^ws://${new URL(nginx.url).host}/v3/directline/conversations/`),
      );
    });

    it('carries socket.io and the plain WebSocket endpoint', async () => {
      const io = connectIo(nginx.url, { uid: 'nora', process: 'quickstart' });
      try {
        expect(await io.next('session')).toMatchObject({ uid: 'nora' });
        expect(await io.next('message')).toMatchObject({ utterance: 'Ready', seq: 1 });
        expect(await io.send({ type: 'data', payload: { echo: 'hi' } })).toMatchObject({ seq: 2 });
      } finally {
        io.close();
      }
      const ws = connectWs(wsUrl(nginx.url, '/ws?uid=noel&interaction=None&process=quickstart'));
      const interaction = await ws.next();
      expect(interaction).toMatch(/^[0-9a-f-]{36}$/);
      expect(await ws.nextJson()).toMatchObject({ utterance: 'Ready' });
      const ownServer = await http('GET', `${servers[0].url}/interactions/${interaction}`, {
        uid: 'noel',
      });
      expect(ownServer.body).toMatchObject({ uid: 'noel', process: 'quickstart' });
    });
  },
);
