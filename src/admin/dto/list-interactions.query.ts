import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { InteractionStatus } from '../../interactions/model/interaction.model.js';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  Min,
} from 'class-validator';
import { PRINTABLE } from '../../common/bounds.js';

const STATUSES: InteractionStatus[] = ['active', 'completed', 'held', 'handoff'];

export class ListInteractionsQuery {
  @IsOptional()
  @Matches(PRINTABLE, { message: '"uid" must be printable characters' })
  @Length(1, 200)
  @IsString()
  @ApiPropertyOptional({ description: "only this user's" })
  uid?: string;

  @IsOptional()
  @Matches(PRINTABLE, { message: '"process" must be printable characters' })
  @Length(1, 200)
  @IsString()
  @ApiPropertyOptional({ description: "only this process's" })
  process?: string;

  @IsOptional()
  @IsIn(STATUSES, { message: '"status" must be "active", "completed", "held" or "handoff"' })
  @ApiPropertyOptional({
    description: 'only those in this status (handoff: waiting for a person)',
    enum: STATUSES,
  })
  status?: InteractionStatus;

  @IsOptional()
  @Length(1, 64)
  @IsString()
  @ApiPropertyOptional({ description: 'only those started on this process version' })
  version?: string;

  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: '"from" must be an ISO-8601 date or time, e.g. 2026-12-01' },
  )
  @ApiPropertyOptional({ description: 'only those started at or after this time' })
  from?: string;

  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: '"to" must be an ISO-8601 date or time, e.g. 2026-12-31' },
  )
  @ApiPropertyOptional({ description: 'only those started before this time' })
  to?: string;

  @IsOptional()
  @Length(1, 200)
  @IsString()
  @ApiPropertyOptional({
    description: 'only those whose uid contains it or whose id starts with it',
  })
  q?: string;

  @IsOptional()
  @Type(() => Number)
  @Max(200, { message: '"limit" must be at most 200' })
  @Min(1, { message: '"limit" must be at least 1' })
  @IsInt({ message: '"limit" must be a whole number' })
  @ApiPropertyOptional({ description: 'page size, 1 to 200 (50)' })
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @Length(1, 500)
  @IsString()
  @ApiPropertyOptional({ description: 'the nextCursor of the previous page' })
  cursor?: string;
}
