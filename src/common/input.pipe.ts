import { Body, Param, type PipeTransform, Query } from '@nestjs/common';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import { BadMessageError } from './client-errors.js';
import {
  compileInput,
  type InputCheck,
  type InputSchema,
  type PropertySchema,
} from './input-schema.js';
import { isPlainObject } from './is-plain-object.js';
import { guardJson } from './json-guard.js';

/** Checks a body, a query or a path parameter against its schema; a bad one is a BAD_MESSAGE naming the field. */
export class InputPipe implements PipeTransform {
  private readonly check: InputCheck<unknown>;

  constructor(
    /** The schema the OpenAPI document shows for this input (tests compare the two). */
    readonly schema: InputSchema,
    readonly place: 'body' | 'query' | 'param',
  ) {
    this.check = compileInput(schema, place === 'body' ? 'json' : 'text');
  }

  transform(value: unknown): unknown {
    const param = this.place === 'param' ? Object.keys(this.schema.properties)[0] : undefined;
    const input = param === undefined ? (value ?? {}) : { [param]: value };
    if (this.place === 'body') {
      const example =
        this.schema.example === undefined ? '' : `, e.g. ${JSON.stringify(this.schema.example)}`;
      if (!isPlainObject(input))
        throw new BadMessageError(`the body must be a JSON object${example}`);
      guardJson(input, 'the body');
    }
    const checked = this.check(input);
    if ('problems' in checked)
      throw new BadMessageError(checked.problems.map((p) => p.message).join('; '));
    return param === undefined ? checked.value : (checked.value as Record<string, unknown>)[param];
  }
}

type ParameterDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

/** Applies an OpenAPI method decorator from a parameter decorator, so that one decorator states both. */
const document =
  (...decorators: MethodDecorator[]) =>
  (target: object, key: string | symbol | undefined) => {
    const descriptor = Object.getOwnPropertyDescriptor(target, key!)!;
    for (const decorate of decorators) decorate(target, key!, descriptor);
  };

/** The body's schema in the OpenAPI document, for a body that the pipeline checks against it (a message). */
export const ApiInputBody = (schema: InputSchema): MethodDecorator =>
  ApiBody({ schema: schema as object });

/** The JSON body, checked against the schema, which is also the body's schema in the OpenAPI document. */
export const ValidBody =
  (schema: InputSchema): ParameterDecorator =>
  (target, key, index) => {
    Body(new InputPipe(schema, 'body'))(target, key, index);
    document(ApiInputBody(schema))(target, key);
  };

/** The query, checked against the schema; each of its properties is a query parameter in the document. */
export const ValidQuery =
  (schema: InputSchema): ParameterDecorator =>
  (target, key, index) => {
    Query(new InputPipe(schema, 'query'))(target, key, index);
    const required = new Set(schema.required);
    document(
      ...Object.entries(schema.properties).map(([name, property]) =>
        ApiQuery({ name, required: required.has(name), schema: property as object }),
      ),
    )(target, key);
  };

/** A path parameter, checked against its schema, which is also the parameter's schema in the document. */
export const ValidParam =
  (name: string, property: PropertySchema): ParameterDecorator =>
  (target, key, index) => {
    const schema: InputSchema = {
      type: 'object',
      properties: { [name]: property },
      required: [name],
    };
    Param(name, new InputPipe(schema, 'param'))(target, key, index);
    document(ApiParam({ name, schema: property as object }))(target, key);
  };
