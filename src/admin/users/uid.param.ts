import { IsString, Matches } from 'class-validator';
import { UID_PATTERN } from '../../auth/credentials.js';

export class UidParam {
  @Matches(UID_PATTERN, { message: 'the uid must be 1 to 200 printable characters' })
  @IsString()
  uid!: string;
}
