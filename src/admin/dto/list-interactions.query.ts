import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Length, Max, Min } from 'class-validator';

export class ListInteractionsQuery {
  @IsOptional()
  @Length(1, 200)
  @IsString()
  uid?: string;

  @IsOptional()
  @Length(1, 200)
  @IsString()
  process?: string;

  @IsOptional()
  @IsIn(['active', 'completed'], { message: '"status" must be "active" or "completed"' })
  status?: 'active' | 'completed';

  @IsOptional()
  @Type(() => Number)
  @Max(200, { message: '"limit" must be at most 200' })
  @Min(1, { message: '"limit" must be at least 1' })
  @IsInt({ message: '"limit" must be a whole number' })
  limit?: number;

  /** The `nextCursor` of the previous page. */
  @IsOptional()
  @Length(1, 500)
  @IsString()
  cursor?: string;
}
