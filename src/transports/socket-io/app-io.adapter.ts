import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions, Socket } from 'socket.io';
import type { Settings } from '../../settings/settings.js';
import type { UpgradeRouter } from '../upgrades/upgrade-router.js';

/**
 * socket.io on the HTTP port, with our frame cap. Its WebSocket upgrades come through the UpgradeRouter
 * like every other transport's: engine.io's own upgrade listener would leave any upgrade it does not
 * recognise open and unanswered. With a Redis adapter (REDIS_URL), a room emit also reaches that room's
 * sockets on the other servers.
 */
export class AppIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly settings: Settings,
    private readonly pipeline: ConversationPipeline,
    private readonly upgrades: UpgradeRouter,
    private readonly acrossServers?: ServerOptions['adapter'],
  ) {
    super(app);
  }

  /** Each socket's disconnect callbacks, one per gateway: behind one listener. */
  private readonly disconnects = new WeakMap<Socket, ((reason: unknown) => void)[]>();

  /**
   * Nest binds each gateway's message handlers to every socket, and first makes the socket a disconnect
   * stream for them (fromEvent, share, first: kept for the socket's life). Our gateways have no handlers
   * (they listen themselves, see InteractionsGateway): no stream is made for none.
   */
  override bindMessageHandlers(
    socket: Socket,
    handlers: Parameters<IoAdapter['bindMessageHandlers']>[1],
    transform: Parameters<IoAdapter['bindMessageHandlers']>[2],
  ): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }

  /**
   * Nest asks every gateway of the namespace (six here) to hear each socket's disconnect: one listener calls
   * them all, in the order they asked, instead of a once-listener of each (a closure, a bound wrapper and its
   * state, per gateway and socket: about a kilobyte of every idle connection).
   */
  override bindClientDisconnect(client: Socket, callback: (reason: unknown) => void): void {
    const callbacks = this.disconnects.get(client);
    if (callbacks !== undefined) {
      callbacks.push(callback);
      return;
    }
    const all = [callback];
    this.disconnects.set(client, all);
    client.once('disconnect', (reason) => {
      for (const call of all) call(reason);
    });
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const upgradeListeners = this.httpServer?.listeners('upgrade') ?? [];
    const io = super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: this.settings.SOCKET_MAX_FRAME_BYTES,
      // Its upgrade listener is removed below; this keeps it from ever cutting another transport's upgrade.
      destroyUpgrade: false,
      serveClient: false,
      ...(this.acrossServers === undefined ? {} : { adapter: this.acrossServers }),
      cors: this.pipeline.cors,
      // Browsers send Origin on the handshake; a page from an origin that is not allowed is refused (403,
      // with the code and the fix in engine.io's error message).
      allowRequest: (request, callback) => {
        const refused = this.pipeline.refuseOrigin('socket.io', request.headers.origin);
        callback(refused === undefined ? null : `${refused.code}: ${refused.message}`, !refused);
      },
    });
    for (const listener of this.httpServer?.listeners('upgrade') ?? [])
      if (!upgradeListeners.includes(listener))
        this.httpServer.off('upgrade', listener as (...args: unknown[]) => void);
    this.upgrades.serve({
      transport: 'socket.io',
      path: io.path(),
      accept: (request, socket, head) => io.engine.handleUpgrade(request, socket, head),
      // Closing the engine's connections, not disconnecting the sockets: clients reconnect (elsewhere).
      close: () => io.engine.close(),
    });
    return io;
  }
}
