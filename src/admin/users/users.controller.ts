import { Controller, Delete, Get, Param, Res, UseGuards } from '@nestjs/common';
import type { Response } from 'express';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { UidParam } from './uid.param.js';
import { type Erased, type UserExport, UsersService } from './users.service.js';

@Controller('admin/users')
@UseGuards(AdminTokenGuard)
export class UsersController {
  constructor(private readonly users: UsersService) {}

  /** Everything stored about the uid (interactions with their turns, knowledge), as one JSON document. */
  @Get(':uid/export')
  export(
    @Param() { uid }: UidParam,
    @Res({ passthrough: true }) response: Response,
  ): Promise<UserExport> {
    response.attachment(`user-${uid.replace(/[^A-Za-z0-9_.-]/g, '_')}.json`);
    return this.users.export(uid);
  }

  /** Deletes every interaction, turn and knowledge row of the uid and closes its live sockets. */
  @Delete(':uid')
  erase(@Param() { uid }: UidParam): Promise<Erased> {
    return this.users.erase(uid);
  }
}
