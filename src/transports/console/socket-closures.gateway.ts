import { type OnGatewayInit, WebSocketGateway } from '@nestjs/websockets';
import type { Server } from 'socket.io';
import { toClientError } from '../../common/client-errors.js';
import { InteractionClosures } from '../../interactions/interaction-closures.js';
import { InteractionErasedError } from '../../interactions/interaction-errors.js';
import { Settings } from '../../settings/settings.js';
import { RasaSessionIds } from '../rasa/rasa-session-ids.js';
import { rasaRoom } from '../rasa/rasa-sessions.js';
import { exceptionEvent } from '../socket-io/interactions.gateway.js';
import { roomOf } from '../socket-io/socket-io.events.js';

/**
 * Closes this server's socket.io and Rasa sockets of erased interactions (every server applies each
 * erasure itself, see ErasureRelay): each socket is told why (an `exception` INTERACTION_NOT_FOUND that
 * says it was erased), then disconnected; the Rasa session ids signed for them are forgotten.
 */
@WebSocketGateway()
export class SocketClosures implements OnGatewayInit {
  constructor(
    private readonly closures: InteractionClosures,
    private readonly settings: Settings,
    private readonly rasaIds: RasaSessionIds,
  ) {}

  afterInit(server: Server): void {
    const rasa = server.of(this.settings.RASA_NAMESPACE);
    this.closures.closed.subscribe(({ interactions }) => {
      this.rasaIds.forget(interactions);
      for (const id of interactions) {
        const why = exceptionEvent(toClientError(new InteractionErasedError(id)));
        for (const room of [server.local.in(roomOf(id)), rasa.local.in(rasaRoom(id))]) {
          room.emit('exception', why);
          room.disconnectSockets(true);
        }
      }
    });
  }
}
