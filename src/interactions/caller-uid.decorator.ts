import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Request } from 'express';
import { BadMessageError } from '../common/client-errors.js';
import { UidRequiredError } from './interaction-errors.js';

/** A uid is 1 to 200 printable characters. */
export const UID_PATTERN = /^[^\p{Cc}]{1,200}$/u;

/** The uid the caller claims, from the X-User-Id header or the uid query parameter; undefined when absent. */
export function claimedUid(request: Request): string | undefined {
  const header = request.headers['x-user-id'];
  const query = request.query.uid;
  const uid =
    typeof header === 'string' && header !== ''
      ? header
      : typeof query === 'string' && query !== ''
        ? query
        : undefined;
  if (uid !== undefined && !UID_PATTERN.test(uid))
    throw new BadMessageError('the uid must be 1 to 200 printable characters');
  return uid;
}

/** The caller's uid; a request without one is refused with UID_REQUIRED. */
export const CallerUid = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const uid = claimedUid(context.switchToHttp().getRequest<Request>());
  if (uid === undefined) throw new UidRequiredError();
  return uid;
});

/** The caller's uid when it sent one. */
export const OptionalCallerUid = createParamDecorator(
  (_: unknown, context: ExecutionContext): string | undefined =>
    claimedUid(context.switchToHttp().getRequest<Request>()),
);
