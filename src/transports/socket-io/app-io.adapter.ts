import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
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
