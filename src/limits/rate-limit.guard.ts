import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { RateLimitService } from './rate-limit.service.js';

type Kind = 'message' | 'connection';
const KIND = 'mmcc:rate-limit';

/** Marks a route as a message (a turn) or a new interaction, for the RateLimitGuard. */
export const RateLimited = (kind: Kind) => SetMetadata(KIND, kind);

/** Applies the rate limits to the routes marked with @RateLimited (after CallerGuard, which finds the uid). */
@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limits: RateLimitService,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const kind = this.reflector.get<Kind | undefined>(KIND, context.getHandler());
    if (kind === undefined) return true;
    const request = context.switchToHttp().getRequest<Request & { callerUid?: string }>();
    const ip = request.ip ?? request.socket.remoteAddress ?? 'unknown';
    if (kind === 'message') await this.limits.admitMessage(request.callerUid ?? `ip:${ip}`, ip);
    else await this.limits.admitConnection(request.callerUid, ip);
    return true;
  }
}
