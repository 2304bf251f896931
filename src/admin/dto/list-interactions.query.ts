import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { PRINTABLE } from '../../common/bounds.js';

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
  @IsIn(['active', 'completed'], { message: '"status" must be "active" or "completed"' })
  @ApiPropertyOptional({
    description: 'only active or completed ones',
    enum: ['active', 'completed'],
  })
  status?: 'active' | 'completed';

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
