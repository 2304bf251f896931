import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { JsonObject } from '../../engine/index.js';
import { MAX_MESSAGE_ID_CHARS, MAX_UTTERANCE_CHARS, MESSAGE_TYPES } from './message.rules.js';

/**
 * The reference's message, as documented in the API: text for the NLU, or data for the current activity; `id`
 * makes retries safe. Every transport checks it with the compiled check of its rules (message.rules.ts).
 */
export class MessageDto {
  @ApiProperty({
    enum: MESSAGE_TYPES,
    description: 'text for the NLU, or data for the current activity',
  })
  type!: 'utterance' | 'data';

  @ApiPropertyOptional({
    description: 'the text (with type utterance)',
    maxLength: MAX_UTTERANCE_CHARS,
    example: 'I am Mark',
  })
  utterance?: string;

  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'the data (with type data)',
    example: { name: 'Mark' },
  })
  payload?: JsonObject;

  @ApiPropertyOptional({
    description: 'your id for this message: a repeated id gets the stored reply',
    minLength: 1,
    maxLength: MAX_MESSAGE_ID_CHARS,
  })
  id?: string;
}
