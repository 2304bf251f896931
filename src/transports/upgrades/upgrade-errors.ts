import { AppError } from '../../common/app-error.js';
import { BadMessageError } from '../../common/client-errors.js';

/** What the WebSocket endpoints are, for a client that asked for another path. */
const ENDPOINTS =
  '/socket.io/ (socket.io, and the Rasa channel), /ws (the plain WebSocket protocol) and /v3/directline/conversations/<id>/stream (Direct Line)';

/** An upgrade to a path no transport serves. */
export class NoSuchEndpointError extends AppError {
  readonly code = 'NOT_FOUND';
  constructor(what = 'no WebSocket endpoint at this path') {
    super(`${what}: the WebSocket endpoints are ${ENDPOINTS}`);
  }
}

/** A request target that is not a path (absolute-form, `*`, or no target at all). */
export class BadTargetError extends BadMessageError {
  constructor() {
    super(
      'the request target must be a path such as /ws?uid=ann (origin-form); absolute-form targets (http://host/path) are for proxies, not for this server',
    );
  }
}

/** An upgrade that is not to WebSocket. */
export class NotWebSocketError extends BadMessageError {
  constructor() {
    super(
      'only WebSocket upgrades are served: send a GET with "Connection: Upgrade" and "Upgrade: websocket"',
    );
  }
}
