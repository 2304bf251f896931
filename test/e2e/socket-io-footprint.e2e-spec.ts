import type { Server } from 'socket.io';
import { InteractionsGateway } from '../../src/transports/socket-io/interactions.gateway.js';
import { connectIo } from '../support/clients.js';
import { useTestApp } from '../support/fixtures.js';
import { until } from '../support/network.js';

// What an idle socket.io connection keeps on the server (the bench's idle-memory row): Nest asks each of the
// namespace's gateways to hear a socket's disconnect, and binds each one's message handlers to it.
describe('an idle socket.io connection, on the server', () => {
  const app = useTestApp('sqlite', { DEFAULT_PROCESS: 'quickstart' });

  it('holds one disconnect listener for all the gateways (six on the namespace), and they all hear it', async () => {
    const io = connectIo(app.url, { uid: 'idle' });
    const session = (await io.next('session')) as { interaction: string };
    // (the gateway's server, as Nest assigned it)
    const server = (app.app.get(InteractionsGateway) as unknown as { server: Server }).server;
    const socket = [...server.sockets.sockets.values()].find(
      (s) => s.data.interaction === session.interaction,
    );
    expect(socket).toBeDefined();
    expect(socket!.listenerCount('disconnect')).toBe(1);
    io.close();
    await until('the socket is gone', async () => server.sockets.sockets.size === 0);
    // InteractionsGateway's handleDisconnect, one of the six, still runs
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/mmcc_connected_sockets\{transport="socket.io"\} 0/);
  });
});
