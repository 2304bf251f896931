import type { NextFunction, Request, Response } from 'express';
import { httpBody } from './client-errors.js';
import { isPlainObject } from './is-plain-object.js';

const FIX =
  'send it with the header "Content-Type: application/json" (curl: -H "content-type: application/json")';

/**
 * A JSON body sent as a form (curl -d without a content type) arrives as one form field named after the whole
 * JSON text: say that, not `unknown field "{"type": ..."`. Likewise a body with no content type at all.
 */
export function refuseJsonWithoutContentType(
  request: Request,
  response: Response,
  next: NextFunction,
): void {
  const type = request.headers['content-type'];
  const body: unknown = request.body;
  const formOfJson =
    type !== undefined &&
    /^application\/x-www-form-urlencoded/i.test(type) &&
    isPlainObject(body) &&
    Object.keys(body).length === 1 &&
    /^\s*[[{"]/.test(Object.keys(body)[0]);
  const untyped = type === undefined && Number(request.headers['content-length'] ?? 0) > 0;
  if (!formOfJson && !untyped) return next();
  const said = type === undefined ? 'no Content-Type' : `Content-Type ${type.split(';')[0]}`;
  response.status(400).json(
    httpBody({
      status: 400,
      code: 'BAD_MESSAGE',
      message: `the body was sent with ${said}, so it was not read as JSON: ${FIX}`,
      retryable: false,
    }),
  );
}
