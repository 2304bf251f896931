import { RateLimitService } from '../../limits/rate-limit.service.js';
import { OriginPolicy } from '../../limits/origin-policy.js';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { WebSocketServer } from 'ws';
import { toClientError } from '../../common/client-errors.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { Settings } from '../../settings/settings.js';
import { bearerToken } from '../../auth/caller.guard.js';
import { IdentityService } from '../../auth/identity.service.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { parseHandshake } from '../handshake.js';
import { SeedWsConnection } from './seed-ws.connection.js';

/** `/ws` and `/ws/use/<uid>` (the path form of the reference's React client). */
const PATH = /^\/ws(?:\/use\/([^/]+))?\/?$/;

/**
 * The seed's plain WebSocket protocol, on the HTTP server's port: `ws` takes the upgrade requests for
 * its paths, socket.io keeps /socket.io/, and any other upgrade is refused.
 */
@Injectable()
export class SeedWsServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly server: WebSocketServer;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly interactions: InteractionsService,
    private readonly settings: Settings,
    private readonly identity: IdentityService,
    private readonly metrics: MetricsService,
    private readonly limits: RateLimitService,
    private readonly origins: OriginPolicy,
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
    if (!this.origins.allows(request.headers.origin)) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    const match = PATH.exec(url.pathname);
    if (match === null) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (ws) => {
      let handshake;
      try {
        const query = Object.fromEntries(url.searchParams);
        handshake = parseHandshake({
          token: bearerToken(request.headers.authorization),
          ...query,
          ...(match[1] === undefined ? {} : { uid: decodeURIComponent(match[1]) }),
        });
      } catch (error) {
        ws.send(JSON.stringify({ error: toClientError(error).message }));
        ws.close(1008, 'bad handshake');
        return;
      }
      this.metrics.socketOpened('ws');
      ws.once('close', () => this.metrics.socketClosed('ws'));
      new SeedWsConnection(
        ws,
        handshake,
        this.interactions,
        this.identity,
        this.metrics,
        this.limits,
        request.socket.remoteAddress ?? 'unknown',
        {
          maxMessageBytes: this.settings.MAX_BODY_BYTES,
          maxWaiting: this.settings.TURN_QUEUE_LIMIT,
        },
      );
    });
  };
}
