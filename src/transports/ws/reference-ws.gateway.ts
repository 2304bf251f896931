import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';
import { bearerToken } from '../../auth/credentials.js';
import { httpBody } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { parseHandshake } from '../../conversation/handshake.js';
import { ClientAddress } from '../../limits/client-address.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Settings } from '../../settings/settings.js';
import { errorFrame, ReferenceWsConnection } from './reference-ws.connection.js';

/** `/ws` and `/ws/use/<uid>` (the path form of the reference's React client). */
const PATH = /^\/ws(?:\/use\/([^/]+))?\/?$/;

/** An HTTP answer to an upgrade that is refused before it becomes a WebSocket, with the client error as JSON. */
function refuseUpgrade(socket: Duplex, status: string, error: object): void {
  const body = JSON.stringify(error);
  socket.end(
    `HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Type: application/json\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

/**
 * The reference's plain WebSocket protocol, on the HTTP server's port: `ws` takes the upgrade requests for
 * its paths, socket.io keeps /socket.io/, and any other upgrade is refused.
 */
@Injectable()
export class ReferenceWsGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: WebSocketServer;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly pipeline: ConversationPipeline,
    private readonly settings: Settings,
    private readonly metrics: MetricsService,
    private readonly addresses: ClientAddress,
  ) {
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: settings.SOCKET_MAX_FRAME_BYTES,
    });
  }

  onApplicationBootstrap(): void {
    // An application context without HTTP (a script, a test module) has no server to attach to.
    this.httpServer()?.on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.httpServer()?.off('upgrade', this.onUpgrade);
    for (const client of this.server.clients) client.close(1001, 'server shutting down');
    this.server.close();
  }

  private httpServer(): import('node:http').Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    // socket.io and Direct Line's streams (transports/directline) take their own upgrades.
    if (url.pathname.startsWith('/socket.io/') || url.pathname.startsWith('/v3/directline/'))
      return;
    const refused = this.pipeline.refuseOrigin('ws', request.headers.origin);
    if (refused !== undefined) {
      refuseUpgrade(socket, '403 Forbidden', httpBody(refused));
      return;
    }
    const match = PATH.exec(url.pathname);
    if (match === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      this.metrics.socketOpened('ws');
      ws.once('close', () => this.metrics.socketClosed('ws'));
      let handshake;
      try {
        handshake = parseHandshake({
          ...Object.fromEntries(url.searchParams),
          ...(match[1] === undefined ? {} : { uid: decodeURIComponent(match[1]) }),
        });
      } catch (error) {
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
      });
    });
  };
}
