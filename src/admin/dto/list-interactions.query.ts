import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import type { InteractionStatus } from '../../interactions/model/interaction.model.js';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

const STATUSES: InteractionStatus[] = ['active', 'completed', 'held', 'handoff'];

export class ListInteractionsQuery {
  @IsOptional()
  @Length(1, 200)
  @IsString()
  @ApiPropertyOptional({ description: "only this user's" })
  uid?: string;

  @IsOptional()
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
