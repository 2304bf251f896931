import WebSocket from 'ws';
import { testDatabases } from '../support/databases.js';
import { useTestApp } from '../support/fixtures.js';
import { connectRasa, type RasaClient } from '../support/widget-clients.js';
import { http } from '../support/test-app.js';

const PER_IP = 4;
const STREAMS = 2;

/** How a socket.io connection ended up: connected, or refused with the data of its connect_error. */
const outcome = (client: RasaClient): Promise<'connected' | unknown> =>
  new Promise((resolve) => {
    client.socket.once('connect', () => resolve('connected'));
    client.socket.once('connect_error', (error: Error & { data?: unknown }) =>
      resolve(error.data ?? error.message),
    );
  });

/** Opens a Direct Line stream: 'open', or the HTTP status and body of its refusal. */
const openStream = (url: string): Promise<{ ws: WebSocket; status: number; body: any }> =>
  new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('error', () => undefined);
    ws.once('open', () => resolve({ ws, status: 101, body: undefined }));
    ws.once('unexpected-response', (_request, response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk));
      response.on('end', () =>
        resolve({ ws, status: response.statusCode ?? 0, body: JSON.parse(text) }),
      );
    });
  });

describe.each(testDatabases())('connection admission on %s', (kind) => {
  describe('Rasa sockets', () => {
    const app = useTestApp(kind, { RATE_LIMIT_CONNECTIONS_PER_IP: String(PER_IP) });
    it('count against the connection limit per address when they connect', async () => {
      const clients = Array.from({ length: PER_IP + 2 }, () => connectRasa(app.url));
      try {
        const outcomes = [];
        for (const client of clients) outcomes.push(await outcome(client));
        expect(outcomes.slice(0, PER_IP)).toEqual(Array(PER_IP).fill('connected'));
        for (const refused of outcomes.slice(PER_IP))
          expect(refused).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
      } finally {
        clients.forEach((client) => client.close());
      }
    });
  });

  describe('Direct Line streams', () => {
    const app = useTestApp(kind, {
      RATE_LIMIT_CONNECTIONS_PER_IP: String(PER_IP + 1),
      DIRECTLINE_STREAMS_PER_CONVERSATION: String(STREAMS),
    });
    const open: WebSocket[] = [];
    afterEach(() => open.splice(0).forEach((ws) => ws.terminate()));

    async function stream(token: { conversationId: string; token: string }) {
      const url = `${app.url.replace('http', 'ws')}/v3/directline/conversations/${token.conversationId}/stream?t=${token.token}`;
      const opened = await openStream(url);
      open.push(opened.ws);
      return opened;
    }

    it('are at most DIRECTLINE_STREAMS_PER_CONVERSATION per conversation, and count against the connection limit', async () => {
      const token = (
        await http('POST', `${app.url}/v3/directline/tokens/generate`, {
          body: { user: { id: 'sam' } },
        })
      ).body;
      // The token's conversation counted once; each stream counts as a connection.
      expect((await stream(token)).status).toBe(101);
      expect((await stream(token)).status).toBe(101);
      const third = await stream(token);
      expect(third).toMatchObject({
        status: 429,
        body: { code: 'INTERACTION_BUSY', retryable: true },
      });
      expect(third.body.message).toContain('DIRECTLINE_STREAMS_PER_CONVERSATION');
      // A closed stream frees its place.
      const first = open[0];
      await new Promise((resolve) => (first.once('close', resolve), first.close()));
      expect((await stream(token)).status).toBe(101);
      // That was the address's fifth connection: the sixth is over the limit, whatever its conversation.
      open.splice(0).forEach((ws) => ws.terminate());
      expect(await stream(token)).toMatchObject({ status: 429, body: { code: 'RATE_LIMITED' } });
    });
  });
});
