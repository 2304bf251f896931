import type { INestApplicationContext } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import type { Settings } from '../../settings/settings.js';

/** socket.io on the HTTP port, with our frame cap, leaving other upgrade paths (/ws) to their own server. */
export class AppIoAdapter extends IoAdapter {
  constructor(
    app: INestApplicationContext,
    private readonly settings: Settings,
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
    });
  }
}
