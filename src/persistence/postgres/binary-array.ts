/**
 * A one-dimensional Postgres array in the binary wire format (what `array_recv` reads), for a statement's
 * parameter: pg sends a Buffer parameter as binary, so the array is neither quoted, escaped nor parsed.
 * A text array literal costs pg two regular expressions per element, and Postgres a character-by-character
 * parse; this is one copy of each element's UTF-8 bytes.
 *
 * The layout: ndim, has-nulls flag, element type oid, then the one dimension's length and lower bound (1),
 * then each element as its byte length (-1 for NULL) and its bytes.
 */

/** The element types a column of the batch can have, by the name the statement casts to (`$1::int[]`). */
export const ELEMENT_TYPES = {
  varchar: { oid: 1043, width: -1 },
  text: { oid: 25, width: -1 },
  int: { oid: 23, width: 4 },
  int2: { oid: 21, width: 2 },
} as const;

export type ElementType = keyof typeof ELEMENT_TYPES;

const HEADER = 20;

export function binaryArray(
  type: ElementType,
  values: readonly (string | number | null)[],
): Buffer {
  const { oid, width } = ELEMENT_TYPES[type];
  // Room for the longest encoding (3 bytes per UTF-16 unit): each string is written once, its byte length
  // learnt from the write, and the unused tail cut off.
  let room = HEADER + 4 * values.length;
  let nulls = 0;
  for (let n = 0; n < values.length; n += 1) {
    const value = values[n];
    if (value === null || value === undefined) nulls = 1;
    else if (width === -1) {
      if (typeof value !== 'string') throw new TypeError(`a ${type} element must be a string`);
      room += 3 * value.length;
    } else {
      if (!Number.isInteger(value)) throw new TypeError(`a ${type} element must be an integer`);
      room += width;
    }
  }
  const buffer = Buffer.allocUnsafe(room);
  buffer.writeInt32BE(1, 0);
  buffer.writeInt32BE(nulls, 4);
  buffer.writeUInt32BE(oid, 8);
  buffer.writeInt32BE(values.length, 12);
  buffer.writeInt32BE(1, 16);
  let offset = HEADER;
  for (let n = 0; n < values.length; n += 1) {
    const value = values[n];
    if (value === null || value === undefined) {
      offset = buffer.writeInt32BE(-1, offset);
    } else if (width === -1) {
      const length = buffer.write(value as string, offset + 4, 'utf8');
      buffer.writeInt32BE(length, offset);
      offset += 4 + length;
    } else if (width === 4) {
      offset = buffer.writeInt32BE(4, offset);
      offset = buffer.writeInt32BE(value as number, offset);
    } else {
      offset = buffer.writeInt32BE(2, offset);
      offset = buffer.writeInt16BE(value as number, offset);
    }
  }
  return buffer.subarray(0, offset);
}
