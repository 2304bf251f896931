import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export class TranscriptQueryDto {
  /** Only the turns after this seq (all of them by default). */
  @IsOptional()
  @Type(() => Number)
  @Min(0, { message: '"after" must be 0 or more' })
  @IsInt({ message: '"after" must be a whole number: the last seq you have' })
  @ApiPropertyOptional({ description: 'only the turns after this seq', minimum: 0 })
  after?: number;
}
