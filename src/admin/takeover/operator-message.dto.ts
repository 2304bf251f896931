import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Length } from 'class-validator';

export class OperatorMessageDto {
  @ApiProperty({ description: "what the operator says to the interaction's user" })
  @Length(1, 10_000, { message: '"text" must be 1 to 10000 characters' })
  @IsString({ message: '"text" must be a string' })
  text!: string;
}

export class ReleaseDto {
  @ApiPropertyOptional({
    description: 'the activity to hand the interaction back at (its current one when absent)',
  })
  @IsOptional()
  @Length(1, 200, { message: '"activity" must be 1 to 200 characters: the id of an activity' })
  @IsString({ message: '"activity" must be a string: the id of an activity' })
  activity?: string;
}
