import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { Settings } from '../../settings/settings.js';

/**
 * socket.io on the HTTP port, with our frame cap, leaving other upgrade paths (/ws) to their own server.
 * With a Redis adapter (REDIS_URL), a room emit also reaches that room's sockets on the other servers.
 */
export class AppIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly settings: Settings,
    private readonly pipeline: ConversationPipeline,
    private readonly acrossServers?: ServerOptions['adapter'],
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    return super.createIOServer(port, {
      ...(options as ServerOptions),
      maxHttpBufferSize: this.settings.SOCKET_MAX_FRAME_BYTES,
      // engine.io would otherwise close WebSocket upgrades for paths that are not its own, such as /ws.
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
  }
}
