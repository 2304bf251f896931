import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length, Matches } from 'class-validator';
import { UID_PATTERN } from '../../auth/credentials.js';

export class StartInteractionDto {
  @IsOptional()
  @Matches(UID_PATTERN, { message: '"uid" must be 1 to 200 printable characters' })
  @IsString({ message: '"uid" must be a string' })
  @ApiPropertyOptional({ description: 'the user (a new uid when absent; ignored in JWT mode)' })
  uid?: string;

  @IsOptional()
  @Length(1, 200, { message: '"process" must be 1 to 200 characters' })
  @IsString({ message: '"process" must be a string: the name of a process folder' })
  @ApiPropertyOptional({
    description: 'the process (the default one when absent)',
    example: 'quickstart',
  })
  process?: string;
}
