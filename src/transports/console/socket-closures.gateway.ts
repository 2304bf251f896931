import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { InteractionClosures } from '../../interactions/interaction-closures.js';
import { Settings } from '../../settings/settings.js';
import { rasaRoom } from '../rasa/rasa-sessions.js';
import { roomOf } from '../socket-io/socket-io.events.js';

/**
 * Closes the socket.io and Rasa sockets of interactions that must end (an erased user), on every server:
 * a room's disconnect goes through the Redis adapter like its emits.
 */
@WebSocketGateway()
export class SocketClosures implements OnGatewayInit {
  constructor(
    private readonly closures: InteractionClosures,
    private readonly settings: Settings,
  ) {}

  afterInit(server: Server): void {
    const rasa = server.of(this.settings.RASA_NAMESPACE);
    this.closures.closed.subscribe((interactions) => {
      for (const id of interactions) {
        server.in(roomOf(id)).disconnectSockets(true);
        rasa.in(rasaRoom(id)).disconnectSockets(true);
      }
    });
  }
}
