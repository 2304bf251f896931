import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';
import { UID_PATTERN } from '../../auth/credentials.js';
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

  /** Who is asking, as on every interaction route (instead of the X-User-Id header). */
  @IsOptional()
  @Matches(UID_PATTERN, { message: '"uid" must be 1 to 200 printable characters' })
  @IsString({ message: '"uid" must be a string' })
  @ApiPropertyOptional({ description: 'the caller (as the X-User-Id header; ignored in JWT mode)' })
  uid?: string;
}
