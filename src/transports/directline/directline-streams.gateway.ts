import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { WebSocket, WebSocketServer } from 'ws';
import { bearerToken } from '../../auth/credentials.js';
import { BadMessageError, type ClientError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { ClientAddress } from '../../limits/client-address.js';
import { InteractionClosures } from '../../interactions/interaction-closures.js';
import { MetricsService } from '../../metrics/metrics.service.js';
import { Settings } from '../../settings/settings.js';
import { ReplyFanOut } from '../fan-out/reply-fan-out.js';
import { closeOnError, webSocketServer } from '../upgrades/websocket-server.js';
import { decodeSegment, type RequestTarget } from '../upgrades/request-target.js';
import { NoSuchEndpointError } from '../upgrades/upgrade-errors.js';
import { UpgradeRouter, type UpgradeDoor } from '../upgrades/upgrade-router.js';
import { parseWatermark } from './directline-activities.js';
import { DirectLineConversations } from './directline-conversations.js';
import { TooManyStreamsError } from './directline-stream-errors.js';
import { DirectLineTokens, type TokenClaims } from './directline-tokens.js';

/** One open stream: read the transcript again, or close. */
interface Stream {
  readonly pump: () => void;
  readonly close: (code: number, reason: string) => void;
}

/** The close reason of a stream whose conversation was erased with its user's data. */
const ERASED = 'conversation erased';

const PATH = /^\/v3\/directline\/conversations\/([^/]+)\/stream\/?$/;

/**
 * Direct Line's WebSocket stream: activity sets, each with its watermark. A stream starts after the
 * watermark of its URL and, whenever a turn of its conversation is committed (here or on another
 * server), sends the activities after the last watermark it sent, read from the transcript: no gap,
 * no duplicate, whatever the order of the signals. A stream is a connection like any other (the
 * connection limits), and a conversation has at most DIRECTLINE_STREAMS_PER_CONVERSATION here.
 */
@Injectable()
export class DirectLineStreamsGateway implements UpgradeDoor {
  readonly transport = 'directline' as const;
  readonly path = '/v3/directline';
  private readonly logger = new Logger(DirectLineStreamsGateway.name);
  private readonly server: WebSocketServer;
  private readonly streams = new Map<string, Set<Stream>>();

  constructor(
    private readonly conversations: DirectLineConversations,
    private readonly tokens: DirectLineTokens,
    private readonly fanOut: ReplyFanOut,
    private readonly pipeline: ConversationPipeline,
    private readonly metrics: MetricsService,
    private readonly addresses: ClientAddress,
    private readonly settings: Settings,
    router: UpgradeRouter,
    closures: InteractionClosures,
  ) {
    this.server = webSocketServer(settings.SOCKET_MAX_FRAME_BYTES);
    this.fanOut.turns.subscribe(({ interaction }) =>
      this.streams.get(interaction)?.forEach((stream) => stream.pump()),
    );
    // A conversation whose user was erased ends: its streams close (their tokens name nothing any more).
    closures.closed.subscribe(({ interactions }) => {
      for (const id of interactions)
        this.streams.get(id)?.forEach((stream) => stream.close(1008, ERASED));
    });
    router.serve(this);
  }

  close(): void {
    for (const client of this.server.clients) client.close(1001, 'server shutting down');
    this.server.close();
  }

  /** A refused token is 403, as Direct Line answers it (botframework-directlinejs then gets a new one). */
  statusOf(error: ClientError): number {
    return error.code === 'AUTH_INVALID' ? 403 : error.status;
  }

  async accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: RequestTarget,
  ): Promise<void> {
    const match = PATH.exec(target.path);
    if (match === null) throw new NoSuchEndpointError('no such Direct Line stream');
    const id = decodeSegment(match[1]);
    if (id === undefined)
      throw new BadMessageError('the conversation id in the path is not valid percent-encoding');
    const token = target.query.get('t') ?? bearerToken(request.headers.authorization);
    const claims = await this.tokens.verify(token ?? undefined, id);
    const watermark = parseWatermark(target.query.get('watermark') ?? undefined);
    await this.pipeline.admit(claims.uid, this.addresses.of(request));
    const limit = this.settings.DIRECTLINE_STREAMS_PER_CONVERSATION;
    if ((this.streams.get(claims.conversationId)?.size ?? 0) >= limit)
      throw new TooManyStreamsError(limit);
    // Synchronous from here to open(): no other stream of the conversation can slip in between.
    this.server.handleUpgrade(request, socket, head, (ws) => this.open(ws, claims, watermark));
  }

  private open(ws: WebSocket, claims: TokenClaims, watermark: number): void {
    this.metrics.socketOpened('directline');
    closeOnError(ws);
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
    const stream: Stream = { pump, close: (code, reason) => ws.close(code, reason) };
    streams.add(stream);
    this.streams.set(claims.conversationId, streams);
    // botframework-directlinejs pings with empty messages; nothing a client sends is read.
    ws.on('close', () => {
      this.metrics.socketClosed('directline');
      streams.delete(stream);
      if (streams.size === 0 && this.streams.get(claims.conversationId) === streams)
        this.streams.delete(claims.conversationId);
    });
    pump();
  }
}
