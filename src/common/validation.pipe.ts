import { isPlainObject } from './is-plain-object.js';
import { type ArgumentMetadata, ValidationPipe, type ValidationError } from '@nestjs/common';
import { BadMessageError } from './client-errors.js';
import { guardJson } from './json-guard.js';

const describeErrors = (errors: ValidationError[], prefix = ''): string[] =>
  errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((m) =>
      m.startsWith(`property ${e.property} should not exist`)
        ? `unknown field "${prefix}${e.property}"; remove it`
        : m,
    ),
    ...describeErrors(e.children ?? [], `${prefix}${e.property}.`),
  ]);

/** Validates every DTO (bodies, queries); a bad one is a BAD_MESSAGE naming the field. */
class StrictValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Only bodies bound to a DTO class are checked (a socket handler's `unknown` body does its own checks).
    if (
      metadata.type === 'body' &&
      this.toValidate(metadata) &&
      value !== undefined &&
      !isPlainObject(value)
    ) {
      throw new BadMessageError(
        'the body must be a JSON object, e.g. {"type": "utterance", "utterance": "hello"}',
      );
    }
    // Before class-transformer walks it (recursively): too deep a body, or prototype keys, are refused.
    if (metadata.type === 'body' && this.toValidate(metadata)) guardJson(value, 'the body');
    // A request with no body at all is an empty object: the DTO says which fields are required.
    return super.transform(
      metadata.type === 'body' && this.toValidate(metadata) ? (value ?? {}) : value,
      metadata,
    );
  }
}

export const createValidationPipe = (): ValidationPipe =>
  new StrictValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: true,
    transform: true,
    exceptionFactory: (errors) =>
      new BadMessageError(describeErrors(errors).join('; ') || 'the message is not valid'),
  });
