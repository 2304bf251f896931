import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  Length,
  MaxLength,
  ValidateIf,
} from 'class-validator';
import type { Input, JsonObject } from '../../engine/index.js';

/** The seed's message: text for the NLU, or data for the current activity; `id` makes retries safe. */
export class MessageDto {
  @IsIn(['utterance', 'data'], {
    message: '"type" must be "utterance" (text) or "data" (a payload object)',
  })
  @ApiProperty({
    enum: ['utterance', 'data'],
    description: 'text for the NLU, or data for the current activity',
  })
  type!: 'utterance' | 'data';

  @ValidateIf((m: MessageDto) => m.type === 'utterance')
  // The check nearest the property runs first: the type, then the length.
  @MaxLength(10_000, { message: '"utterance" must be at most 10000 characters' })
  @IsString({ message: '"utterance" must be a string: the text the user wrote' })
  @ApiPropertyOptional({
    description: 'the text (with type utterance)',
    maxLength: 10000,
    example: 'I am Mark',
  })
  utterance?: string;

  @ValidateIf((m: MessageDto) => m.type === 'data')
  // The payload is the page's data, kept exactly as sent: class-transformer would copy it key by key, and
  // drop keys named like Object.prototype's methods (toString, valueOf, ...) on the way.
  @Transform(({ obj }: { obj: { payload?: unknown } }) => obj.payload, { toClassOnly: true })
  @IsObject({ message: '"payload" must be a JSON object, e.g. {"my_activity": "my_data"}' })
  @ApiPropertyOptional({
    type: 'object',
    additionalProperties: true,
    description: 'the data (with type data)',
    example: { name: 'Mark' },
  })
  payload?: JsonObject;

  @IsOptional()
  @Length(1, 200, { message: '"id" must be 1 to 200 characters' })
  @IsString({ message: '"id" must be a string: your id for this message, to retry it safely' })
  @ApiPropertyOptional({
    description: 'your id for this message: a repeated id gets the stored reply',
    maxLength: 200,
  })
  id?: string;
}

export const toInput = (message: MessageDto): Input =>
  message.type === 'utterance'
    ? { type: 'utterance', utterance: message.utterance! }
    : { type: 'data', payload: message.payload! };
