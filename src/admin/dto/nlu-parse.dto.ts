import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength } from 'class-validator';

export class NluParseDto {
  @ApiProperty({
    description: 'the text to parse, as a user would type it',
    example: "I'd like the black cap",
  })
  @MaxLength(10_000, { message: '"text" must be at most 10000 characters' })
  @IsString({ message: '"text" must be a string' })
  text!: string;
}
