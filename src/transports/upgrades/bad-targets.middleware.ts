import type { NextFunction, Request, Response } from 'express';
import { httpBody } from '../../common/client-errors.js';
import type { ConversationPipeline } from '../../conversation/conversation.pipeline.js';
import { parseTarget } from './request-target.js';
import { BadTargetError } from './upgrade-errors.js';

/**
 * HTTP requests whose target is not a path get the same 400 as such an upgrade (Express would answer some
 * of them with its HTML 404 page).
 */
export function refuseBadTargets(pipeline: ConversationPipeline) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (parseTarget(request.originalUrl) !== undefined) return next();
    const refusal = pipeline.fail(new BadTargetError());
    response.status(refusal.status).json(httpBody(refusal));
  };
}
