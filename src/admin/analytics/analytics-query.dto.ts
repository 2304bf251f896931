import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Length } from 'class-validator';

export class AnalyticsQuery {
  @IsOptional()
  @Length(1, 64, {
    message: '"version" must be 1 to 64 characters (a version the process list shows)',
  })
  @IsString()
  @ApiPropertyOptional({
    description: 'only the interactions that started on this process version',
  })
  version?: string;

  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: '"from" must be an ISO-8601 date or time, e.g. 2026-12-01 or 2026-12-01T09:00:00Z' },
  )
  @ApiPropertyOptional({
    description: 'only interactions started at or after this time (ISO-8601)',
  })
  from?: string;

  @IsOptional()
  @IsISO8601(
    { strict: true },
    { message: '"to" must be an ISO-8601 date or time, e.g. 2026-12-31 or 2026-12-31T18:00:00Z' },
  )
  @ApiPropertyOptional({ description: 'only interactions started before this time (ISO-8601)' })
  to?: string;

  @IsOptional()
  @IsIn(['json', 'csv'], { message: '"format" must be "json" or "csv"' })
  @ApiPropertyOptional({ enum: ['json', 'csv'], description: 'json (the default) or csv' })
  format?: 'json' | 'csv';
}
