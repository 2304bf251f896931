import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsObject, IsOptional, Matches } from 'class-validator';

const VERSION = /^(\d{1,9}|[0-9a-f]{16})$/;
const asText = ({ value }: { value: unknown }) =>
  typeof value === 'number' ? String(value) : value;
const versionMessage = (field: string) =>
  `"${field}" must be a version of the process: its number (e.g. 2) or its hash (16 hex digits)`;

/** POST /admin/processes/:name/migrations: which interactions move, from which version to which. */
export class MigrationDto {
  @ApiProperty({ description: 'the version migrated from: its number or hash', example: 1 })
  @Transform(asText)
  @Matches(VERSION, { message: versionMessage('from') })
  from!: string;

  @ApiProperty({ description: 'the version migrated to: its number or hash', example: 2 })
  @Transform(asText)
  @Matches(VERSION, { message: versionMessage('to') })
  to!: string;

  @ApiPropertyOptional({
    description: 'renamed activities, old id → new id (any other activity maps to the same id)',
    example: { ask_name: 'ask_full_name' },
  })
  @IsOptional()
  @IsObject({ message: '"mapping" must be an object of old activity id → new activity id' })
  mapping?: Record<string, string>;

  @ApiPropertyOptional({
    description: 'variables set in the context of each interaction moved',
    example: { greeting: 'hello' },
  })
  @IsOptional()
  @IsObject({ message: '"context" must be an object of variables' })
  context?: Record<string, unknown>;

  @ApiPropertyOptional({
    description: 'only report which interactions would move, and why others cannot',
  })
  @IsOptional()
  @IsBoolean({ message: '"dryRun" must be true or false' })
  dryRun?: boolean;
}
