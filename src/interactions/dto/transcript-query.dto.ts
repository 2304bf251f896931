import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import { MAX_SEQ } from '../../common/bounds.js';

export class TranscriptQueryDto {
  /** Only the turns after this seq (all of them by default). */
  @IsOptional()
  @Type(() => Number)
  @Max(MAX_SEQ, { message: `"after" must be at most ${MAX_SEQ}` })
  @Min(0, { message: '"after" must be 0 or more' })
  @IsInt({ message: '"after" must be a whole number: the last seq you have' })
  @ApiPropertyOptional({
    description: 'only the turns after this seq',
    minimum: 0,
    maximum: MAX_SEQ,
  })
  after?: number;
}
