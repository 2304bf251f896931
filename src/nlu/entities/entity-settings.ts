import { describe, isPlainObject } from '../../engine/index.js';
import { isTimeZone } from './datetime.recogniser.js';
import { ENTITY_TYPES, type EntityType, isEntityType } from './entity-types.js';
import { isCountry } from './phone.recogniser.js';
import type { TypedEntitySettings } from './typed-entities.adapter.js';

type Fail = (problem: string, fix: string) => never;

const TYPES = ENTITY_TYPES.map((t) => `"${t}"`).join(', ');

/**
 * Takes the typed-entity settings out of nlu.json (they apply to every adapter): "entities" (name → type),
 * "timeZone" (IANA) and "country" (ISO 3166, for phone numbers). Returns the adapter's own settings and, when
 * entities are declared, the typed-entity settings.
 */
export function takeEntitySettings(
  settings: Record<string, unknown>,
  fail: Fail,
): { rest: Record<string, unknown>; typed: TypedEntitySettings | undefined } {
  const { entities, timeZone, country, ...rest } = settings;
  if (entities === undefined) {
    if (timeZone !== undefined || country !== undefined)
      fail(
        `"${timeZone !== undefined ? 'timeZone' : 'country'}" is set but no "entities" are declared`,
        `declare typed entities, e.g. "entities": {"when": "datetime"}, or remove the setting`,
      );
    return { rest, typed: undefined };
  }
  if (!isPlainObject(entities) || Object.keys(entities).length === 0)
    return fail(
      `"entities" is ${describe(entities)}, not an object of entity names and types`,
      `write e.g. "entities": {"party_size": "number", "when": "datetime"}; the types are ${TYPES}`,
    );
  const declared = new Map<string, EntityType>();
  for (const [name, type] of Object.entries(entities)) {
    if (!isEntityType(type))
      fail(
        `entity "${name}" has the type ${JSON.stringify(type) ?? 'undefined'}`,
        `give one of ${TYPES}`,
      );
    declared.set(name, type);
  }
  if (timeZone !== undefined && (typeof timeZone !== 'string' || !isTimeZone(timeZone)))
    fail(
      `"timeZone" is ${JSON.stringify(timeZone)}, not an IANA time zone`,
      'give a name such as "Europe/Berlin" or "America/New_York", or leave it out for the server\'s zone',
    );
  if (country !== undefined && (typeof country !== 'string' || !isCountry(country)))
    fail(
      `"country" is ${JSON.stringify(country)}, not a country code`,
      'give the ISO 3166 code of the country whose local phone numbers users type, e.g. "US" or "DE"',
    );
  return {
    rest,
    typed: {
      entities: declared,
      timeZone:
        (timeZone as string | undefined) ?? Intl.DateTimeFormat().resolvedOptions().timeZone,
      country: country as string | undefined,
    },
  };
}
