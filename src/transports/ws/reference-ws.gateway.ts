import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable } from '@nestjs/common';
import type { WebSocketServer } from 'ws';
import { bearerToken } from '../../auth/credentials.js';
import { BadMessageError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { parseHandshake } from '../../conversation/handshake.js';
import { ClientAddress } from '../../limits/client-address.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Settings } from '../../settings/settings.js';
import { closeOnError, webSocketServer } from '../upgrades/websocket-server.js';
import { decodeSegment, type RequestTarget } from '../upgrades/request-target.js';
import { NoSuchEndpointError } from '../upgrades/upgrade-errors.js';
import { UpgradeRouter, type UpgradeDoor } from '../upgrades/upgrade-router.js';
import { errorFrame, ReferenceWsConnection } from './reference-ws.connection.js';
import { ReferenceWsPushes } from './reference-ws-pushes.js';

/** `/ws` and `/ws/use/<uid>` (the path form of the reference's React client). */
const PATH = /^\/ws(?:\/use\/([^/]+))?\/?$/;

/** The handshake fields of the query and of the path's uid. */
function handshakeFields(target: RequestTarget, uid: string | undefined): Record<string, unknown> {
  const fields: Record<string, unknown> = Object.fromEntries(target.query);
  if (uid === undefined) return fields;
  const decoded = decodeSegment(uid);
  if (decoded === undefined)
    throw new BadMessageError('the uid in the path is not valid percent-encoded UTF-8');
  return { ...fields, uid: decoded };
}

/**
 * The reference's plain WebSocket protocol, on the HTTP server's port, under /ws (the UpgradeRouter hands it
 * those upgrades). A handshake the protocol refuses is answered in the protocol: an error frame, then 1008.
 */
@Injectable()
export class ReferenceWsGateway implements UpgradeDoor {
  readonly transport = 'ws' as const;
  readonly path = '/ws';
  private readonly server: WebSocketServer;

  constructor(
    private readonly pipeline: ConversationPipeline,
    private readonly settings: Settings,
    private readonly metrics: MetricsService,
    private readonly addresses: ClientAddress,
    router: UpgradeRouter,
    private readonly pushes: ReferenceWsPushes,
  ) {
    this.server = webSocketServer(settings.SOCKET_MAX_FRAME_BYTES);
    router.serve(this);
  }

  close(): void {
    for (const client of this.server.clients) client.close(1001, 'server shutting down');
    this.server.close();
  }

  accept(request: IncomingMessage, socket: Duplex, head: Buffer, target: RequestTarget): void {
    const match = PATH.exec(target.path);
    if (match === null) throw new NoSuchEndpointError();
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.metrics.socketOpened('ws');
      ws.once('close', () => this.metrics.socketClosed('ws'));
      let handshake;
      try {
        handshake = parseHandshake(handshakeFields(target, match[1]));
      } catch (error) {
        closeOnError(ws);
        ws.send(JSON.stringify(errorFrame(this.pipeline.refuseHandshake('ws', error))));
        ws.close(1008, 'bad handshake');
        return;
      }
      const opening = {
        transport: 'ws' as const,
        address: this.addresses.of(request),
        token: handshake.token ?? bearerToken(request.headers.authorization),
        claimedUid: handshake.uid,
        interaction: handshake.interaction,
        process: handshake.process,
      };
      new ReferenceWsConnection(ws, opening, this.pipeline, {
        maxWaiting: this.settings.TURN_QUEUE_LIMIT,
        attach: (session, push) => this.pushes.attach(session, push),
      });
    });
  }
}
