import { Ajv, type ErrorObject } from 'ajv';
import addFormats from 'ajv-formats';

/**
 * The schema of one input (a body, a query, a path parameter, a message, the settings): a JSON Schema
 * that ajv compiles into the check and that the OpenAPI document shows as it is. Each property says, in
 * `x-problem`, what the client is told when it breaks any of that property's rules.
 */
export interface InputSchema {
  readonly type: 'object';
  readonly properties: { readonly [field: string]: PropertySchema };
  readonly required?: readonly string[];
  readonly additionalProperties?: boolean;
  readonly [keyword: string]: unknown;
}

export interface PropertySchema {
  readonly 'x-problem'?: string;
  readonly [keyword: string]: unknown;
}

/** The value an InputSchema admits, once checked, as a TypeScript type (the property types this project uses). */
export type InputOf<S extends InputSchema> = {
  -readonly [K in keyof S['properties'] as K extends Required<S> ? K : never]: TypeOf<
    S['properties'][K]
  >;
} & {
  -readonly [K in keyof S['properties'] as K extends Required<S> ? never : K]?: TypeOf<
    S['properties'][K]
  >;
};

/** The properties always present: those required, and those with a default (which the check fills in). */
type Required<S extends InputSchema> =
  | (S['required'] extends readonly (infer K)[] ? K : never)
  | {
      [K in keyof S['properties']]: S['properties'][K] extends { default: unknown } ? K : never;
    }[keyof S['properties']];

type TypeOf<P> = P extends { enum: readonly (infer E)[] }
  ? E
  : P extends { type: 'string' }
    ? string
    : P extends { type: 'integer' | 'number' }
      ? number
      : P extends { type: 'boolean' }
        ? boolean
        : P extends { type: 'object'; additionalProperties: { type: 'string' } }
          ? Record<string, string>
          : P extends { type: 'object' }
            ? Record<string, unknown>
            : P extends { anyOf: readonly (infer A)[] }
              ? TypeOf<A>
              : unknown;

const ajvOf = (coerceTypes: boolean): Ajv => {
  const ajv = new Ajv({ allErrors: true, strict: true, coerceTypes, useDefaults: true });
  ajv.addKeyword({ keyword: 'x-problem', schemaType: 'string' });
  // The OpenAPI document shows the one sample of a property (OpenAPI's `example`).
  ajv.addKeyword({ keyword: 'example' });
  addFormats.default(ajv, ['date', 'iso-date-time']);
  return ajv;
};

/** JSON as sent (bodies, messages) is taken as it is; text (queries, path parameters, settings) is converted. */
const AJV = { json: ajvOf(false), text: ajvOf(true) };

/** What is wrong with one field ('' for the input as a whole, or a field it should not have). */
export interface InputProblem {
  readonly field: string;
  readonly message: string;
}

export type InputCheck<T> = (value: unknown) => { value: T } | { problems: InputProblem[] };

/**
 * Compiles the schema once into its check: the value (with text converted to the schema's types, and
 * defaults filled in, for `text`), or every problem with it, one per field: unknown fields first, then the
 * fields in the schema's order.
 */
export function compileInput<S extends InputSchema>(
  schema: S,
  from: 'json' | 'text' = 'json',
): InputCheck<InputOf<S>> {
  const check = AJV[from].compile(schema);
  const order = ['', ...Object.keys(schema.properties)];
  return (value) => {
    if (check(value)) return { value: value as InputOf<S> };
    const byField = new Map<string, InputProblem[]>();
    for (const error of check.errors ?? []) {
      const found = problemOf(schema, error);
      if (found === undefined) continue;
      const problems = byField.get(found.field) ?? [];
      // One problem per field, except unknown fields, which are each named.
      const known = problems.some((p) => p.message === found.message);
      if (found.field === '' ? !known : problems.length === 0) problems.push(found);
      byField.set(found.field, problems);
    }
    return { problems: order.flatMap((field) => byField.get(field) ?? []) };
  };
}

function problemOf(schema: InputSchema, error: ErrorObject): InputProblem | undefined {
  if (error.keyword === 'additionalProperties') {
    const message = `unknown field "${String(error.params.additionalProperty)}"; remove it`;
    return { field: '', message };
  }
  // The `if` of a conditional says nothing itself: its `then` said what was wrong.
  if (error.keyword === 'if') return undefined;
  const field =
    error.keyword === 'required'
      ? String(error.params.missingProperty)
      : (error.instancePath.split('/')[1] ?? '');
  const message =
    schema.properties[field]?.['x-problem'] ??
    (field === '' ? `it ${error.message}` : `"${field}" ${error.message}`);
  return { field, message };
}
