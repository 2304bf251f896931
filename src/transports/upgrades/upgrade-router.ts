import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import {
  type BeforeApplicationShutdown,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { ClientError } from '../../common/client-errors.js';
import { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import type { TransportName } from '../../conversation/conversation.types.js';
import { InteractionsService } from '../../interactions/interactions.service.js';
import { ShuttingDownError } from '../../interactions/interaction-errors.js';
import { Settings } from '../../settings/settings.js';
import { refuseUpgrade } from './refuse-upgrade.js';
import { isUnder, parseTarget, type RequestTarget } from './request-target.js';
import { BadTargetError, NoSuchEndpointError, NotWebSocketError } from './upgrade-errors.js';

/** A transport that takes WebSocket upgrades under one path. */
export interface UpgradeDoor {
  readonly transport: TransportName;
  /** The path it serves, and everything under it. */
  readonly path: string;
  /**
   * Takes the upgrade (hands the socket to its WebSocket server), or throws / rejects with the error that
   * says why not, before writing anything: the router answers it with its HTTP status and closes.
   */
  accept(
    request: IncomingMessage,
    socket: Duplex,
    head: Buffer,
    target: RequestTarget,
  ): void | Promise<void>;
  /** The status of a refusal, where the transport's protocol says otherwise than the error's own. */
  statusOf?(error: ClientError): number;
  /** Closes every socket it holds ("going away"); called once, at shutdown. */
  close(): void;
}

/** How long closed sockets get to finish their closing handshake before they are cut. */
const CLOSE_GRACE_MS = 1000;

/**
 * The one listener of the HTTP server's `upgrade` event. It checks what every upgrade must be (a path, a
 * WebSocket, an allowed origin), hands it to the transport whose path it is, and answers and closes
 * everything else at once, so that no request holds a connection nobody serves. At shutdown, once the turns
 * in flight are done, it closes every transport's sockets and cuts those that do not finish closing.
 */
@Injectable()
export class UpgradeRouter implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(UpgradeRouter.name);
  private readonly doors: UpgradeDoor[] = [];
  private readonly sockets = new Set<Duplex>();
  private closing = false;

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly pipeline: ConversationPipeline,
    private readonly interactions: InteractionsService,
    private readonly settings: Settings,
  ) {}

  serve(door: UpgradeDoor): void {
    this.doors.push(door);
  }

  onApplicationBootstrap(): void {
    // An application context without HTTP (a script, a test module) has no server to attach to.
    this.httpServer()?.on('upgrade', this.onUpgrade);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.closing = true;
    await this.interactions.drain();
    const grace = Math.min(CLOSE_GRACE_MS, this.settings.SHUTDOWN_TIMEOUT_MS);
    for (const door of this.doors) door.close();
    await this.closed(grace);
    if (this.sockets.size > 0)
      this.logger.warn({ msg: `${this.sockets.size} socket(s) did not finish closing: cut` });
    for (const socket of this.sockets) socket.destroy();
    // The replies of the last turns are being written now. After that, keep-alive connections and
    // requests still being sent (they would hold the server's close for as long as their clients like) go.
    const server = this.httpServer();
    server?.off('upgrade', this.onUpgrade);
    setTimeout(() => server?.closeAllConnections(), grace).unref();
  }

  /** Resolves once every upgraded socket has closed, or after `ms`. */
  private closed(ms: number): Promise<void> {
    if (this.sockets.size === 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      const check = () => this.sockets.size === 0 && (clearTimeout(timer), resolve());
      for (const socket of this.sockets) socket.once('close', check);
    });
  }

  private httpServer(): Server | undefined {
    return this.adapterHost.httpAdapter?.getHttpServer();
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    // Node hands the socket over without an error listener: a reset now would be an uncaught exception.
    socket.on('error', () => socket.destroy());
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
    const target = parseTarget(request.url);
    const door = target && this.doors.find((d) => isUnder(target.path, d.path));
    const refuse = (error: unknown) => {
      const refusal =
        door === undefined
          ? this.pipeline.fail(error)
          : this.pipeline.refuseHandshake(door.transport, error);
      refuseUpgrade(socket, refusal, door?.statusOf?.(refusal));
    };
    if (this.closing) return refuse(new ShuttingDownError());
    if (target === undefined) return refuse(new BadTargetError());
    if (request.headers.upgrade?.toLowerCase() !== 'websocket')
      return refuse(new NotWebSocketError());
    if (door === undefined) return refuse(new NoSuchEndpointError());
    const forbidden = this.pipeline.refuseOrigin(door.transport, request.headers.origin);
    if (forbidden !== undefined) return refuseUpgrade(socket, forbidden);
    try {
      const accepting = door.accept(request, socket, head, target);
      if (accepting !== undefined) accepting.catch(refuse);
    } catch (error) {
      refuse(error);
    }
  };
}
