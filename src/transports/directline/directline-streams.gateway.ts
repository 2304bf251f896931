import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { type WebSocket, WebSocketServer } from 'ws';
import { bearerToken } from '../../auth/credentials.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Settings } from '../../settings/settings.js';
import { parseWatermark } from './directline-activities.js';
import { DirectLineConversations } from './directline-conversations.js';
import { ReplyFanOut } from '../fan-out/reply-fan-out.js';
import { DirectLineTokens, type TokenClaims } from './directline-tokens.js';

const PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;

/**
 * Direct Line's WebSocket stream: activity sets, each with its watermark. A stream starts after the
 * watermark of its URL and, whenever a turn of its conversation is committed (here or on another
 * server), sends the activities after the last watermark it sent, read from the transcript: no gap,
 * no duplicate, whatever the order of the signals.
 */
@Injectable()
export class DirectLineStreamsGateway implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(DirectLineStreamsGateway.name);
  private readonly server: WebSocketServer;
  private readonly streams = new Map<string, Set<() => void>>();

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly conversations: DirectLineConversations,
    private readonly tokens: DirectLineTokens,
    private readonly fanOut: ReplyFanOut,
    private readonly pipeline: ConversationPipeline,
    private readonly metrics: MetricsService,
    settings: Settings,
  ) {
    this.server = new WebSocketServer({
      noServer: true,
      maxPayload: settings.SOCKET_MAX_FRAME_BYTES,
    });
    this.fanOut.turns.subscribe(({ interaction }) =>
      this.streams.get(interaction)?.forEach((pump) => pump()),
    );
  }

  onApplicationBootstrap(): void {
    this.adapterHost.httpAdapter?.getHttpServer().on('upgrade', this.onUpgrade);
  }

  onApplicationShutdown(): void {
    this.adapterHost.httpAdapter?.getHttpServer().off('upgrade', this.onUpgrade);
    for (const client of this.server.clients) client.close(1001, 'server shutting down');
    this.server.close();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    if (!url.pathname.startsWith('/v3/directline/')) return;
    const refuse = (status: string, message: string): void =>
      void socket.end(
        `HTTP/1.1 ${status}\r\nContent-Type: text/plain\r\nConnection: close\r\n\r\n${message}`,
      );
    const forbidden = this.pipeline.refuseOrigin('directline', request.headers.origin);
    if (forbidden !== undefined) return refuse('403 Forbidden', forbidden.message);
    const match = PATH.exec(url.pathname);
    if (match === null) return refuse('404 Not Found', 'no such Direct Line stream');
    const id = decodeURIComponent(match[1]);
    const token = url.searchParams.get('t') ?? bearerToken(request.headers.authorization);
    Promise.all([
      this.tokens.verify(token ?? undefined, id),
      Promise.resolve().then(() => parseWatermark(url.searchParams.get('watermark') ?? undefined)),
    ]).then(
      ([claims, watermark]) =>
        this.server.handleUpgrade(request, socket, head, (ws) => this.open(ws, claims, watermark)),
      (error: unknown) => {
        const { code, message } = this.pipeline.refuseHandshake('directline', error);
        refuse(code === 'BAD_MESSAGE' ? '400 Bad Request' : '403 Forbidden', message);
      },
    );
  };

  private open(ws: WebSocket, claims: TokenClaims, watermark: number): void {
    this.metrics.socketOpened('directline');
    let sent = watermark;
    let running: Promise<void> = Promise.resolve();
    const pump = () => {
      running = running.then(async () => {
        if (ws.readyState !== ws.OPEN) return;
        try {
          const set = await this.conversations.activitiesAfter(claims, sent);
          if (set.activities.length === 0) return;
          ws.send(JSON.stringify(set));
          sent = Number(set.watermark);
        } catch (error) {
          const { code, message } = this.pipeline.fail(error);
          this.logger.warn({ msg: 'a Direct Line stream could not be fed', code, message });
          ws.close(1011, code);
        }
      });
    };
    const streams = this.streams.get(claims.conversationId) ?? new Set();
    streams.add(pump);
    this.streams.set(claims.conversationId, streams);
    // botframework-directlinejs pings with empty messages; nothing a client sends is read.
    ws.on('close', () => {
      this.metrics.socketClosed('directline');
      streams.delete(pump);
      if (streams.size === 0 && this.streams.get(claims.conversationId) === streams)
        this.streams.delete(claims.conversationId);
    });
    pump();
  }
}
