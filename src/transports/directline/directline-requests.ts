import { isPlainObject } from '../../common/is-plain-object.js';
import { optionalText } from '../../common/request-fields.js';
import type { Request } from 'express';
import { UID_PATTERN } from '../../auth/credentials.js';
import { BadMessageError } from '../../common/client-errors.js';

/** POST /tokens/generate: Direct Line's `{user: {id}}`, and our `process` and `conversationId`. */
export interface GenerateRequest {
  userId?: string;
  process?: string;
  conversationId?: string;
}

export function parseGenerate(body: unknown): GenerateRequest {
  if (
    body === undefined ||
    body === null ||
    (isPlainObject(body) && Object.keys(body).length === 0)
  )
    return {};
  if (!isPlainObject(body))
    throw new BadMessageError('the body must be an object, e.g. {"user": {"id": "alice"}}');
  if (body.user !== undefined && !isPlainObject(body.user))
    throw new BadMessageError('"user" must be an object: {"id": "<the uid>"}');
  const userId = optionalText(body.user?.id, 'user.id', 200);
  if (userId !== undefined && !UID_PATTERN.test(userId))
    throw new BadMessageError('"user.id" must be 1 to 200 printable characters');
  return {
    userId,
    process: optionalText(body.process, 'process', 200),
    conversationId: optionalText(body.conversationId, 'conversationId', 100),
  };
}

/**
 * The stream's URL on the host and port the client used. Behind a proxy that TRUST_PROXY trusts, its
 * X-Forwarded-Host and X-Forwarded-Proto say them (Express's `request.host` and `request.secure`); from
 * anyone else those headers are not believed.
 */
export function streamUrl(request: Request, id: string, token: string, watermark: number): string {
  const secure = request.secure;
  const host = request.host ?? 'localhost';
  const query = new URLSearchParams({ watermark: String(watermark), t: token });
  return `${secure ? 'wss' : 'ws'}://${host}/v3/directline/conversations/${encodeURIComponent(id)}/stream?${query}`;
}

export const clientIp = (request: Request): string =>
  request.ip ?? request.socket.remoteAddress ?? 'unknown';
