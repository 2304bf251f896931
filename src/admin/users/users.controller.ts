import { Controller, Delete, Get, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { ValidParam } from '../../common/input.pipe.js';
import { UID_PARAM_SCHEMA } from './uid.schema.js';
import { type Erased, type UserExport, UsersService } from './users.service.js';

@Controller('admin/users')
@UseGuards(AdminTokenGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Everything stored about the uid (interactions with their turns, knowledge), as one JSON document. */
  @Get(':uid/export')
  export(
    @ValidParam('uid', UID_PARAM_SCHEMA) uid: string,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserExport> {
    response.attachment(`user-${uid.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
    return this.users.export(uid);
  }

  /** Deletes every interaction, turn and knowledge row of the uid and closes its live sockets. */
  @Delete(':uid')
  erase(@ValidParam('uid', UID_PARAM_SCHEMA) uid: string): Promise<Erased> {
    return this.users.erase(uid);
  }
}
