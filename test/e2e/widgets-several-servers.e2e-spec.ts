import { useServersOnRedis } from '../support/several-servers.js';
import { testDatabases } from '../support/databases.js';
import { nodeDirectLine, watch } from '../support/directline-client.js';
import { hasRedisServer } from '../support/redis-server.js';
import { http } from '../support/test-app.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';

// Needs Postgres (shared by the servers) and a redis-server binary; CI must have both.
const postgres = testDatabases().includes('postgres');
const redis = hasRedisServer() || process.env.CI === 'true';
const skipped = !postgres ? 'no PostgreSQL reachable' : !redis ? 'no redis-server binary' : '';

describe.runIf(skipped === '')(
  skipped === ''
    ? 'the widget protocols on two servers'
    : `the widget protocols on two servers (skipped: ${skipped})`,
  () => {
    const { servers } = useServersOnRedis({ SESSION_SECRET: 'one-secret-for-both' });
    const clients: RasaClient[] = [];
    const stops: (() => void)[] = [];
    afterAll(() => {
      clients.forEach((c) => c.close());
      stops.forEach((stop) => stop());
    });

    const say = (url: string, id: string, uid: string, utterance: string) =>
      http('POST', `${url}/interactions/${id}/messages`, {
        uid,
        body: { type: 'utterance', utterance },
      });

    it('a Rasa widget on one server gets the reply of a turn made on the other, and its session is confirmed at that seq', async () => {
      const [a, b] = servers;
      const widget = connectRasa(b.url);
      clients.push(widget);
      widget.emit('session_request', {});
      const pending = await widget.next('session_confirm');
      expect(
        await widget.utter('/get_started', pending, { uid: 'ann', process: 'store' }),
      ).toHaveLength(3);
      const session = await widget.next('session_confirm');
      const interaction = JSON.parse(
        Buffer.from(session.split('.')[1], 'base64url').toString(),
      ).ixn;

      expect((await say(a.url, interaction, 'ann', "I'd like a cap")).body).toMatchObject({
        seq: 2,
      });
      const frames = await widget.take('bot_uttered', 2);
      expect(frames.map((f) => f.metadata.seq)).toEqual([2, 2]);
      expect(await widget.next('session_confirm')).toBe(session.replace(/:1$/, ':2'));
    });

    it('a Direct Line stream on one server streams a turn posted on the other', async () => {
      const [a, b] = servers;
      const issued = await http('POST', `${b.url}/v3/directline/tokens/generate`, {
        body: { user: { id: 'ben' }, process: 'store' },
      });
      const directLine = nodeDirectLine({
        domain: `${b.url}/v3/directline`,
        token: issued.body.token,
      });
      const watcher = watch(directLine);
      stops.push(watcher.stop);
      await watcher.until(1);
      const posted = await http(
        'POST',
        `${a.url}/v3/directline/conversations/${issued.body.conversationId}/activities`,
        {
          headers: { authorization: `Bearer ${issued.body.token}` },
          body: { type: 'message', text: "I'd like a cap" },
        },
      );
      expect(posted.status).toBe(200);
      const [, echo, reply] = await watcher.until(3);
      expect(echo).toMatchObject({ id: posted.body.id, text: "I'd like a cap" });
      expect(reply).toMatchObject({ channelData: { seq: 2, activity: 'customize' } });
    });
  },
);
