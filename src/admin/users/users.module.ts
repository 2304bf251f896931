import { Module } from '@nestjs/common';
import { InteractionsModule } from '../../interactions/interactions.module.js';
import { PersistenceModule } from '../../persistence/persistence.module.js';
import { AdminTokenGuard } from '../admin-token.guard.js';
import { UsersController } from './users.controller.js';
import { UsersRepository } from './users.repository.js';
import { UsersService } from './users.service.js';

/** A user's data: export (GET /admin/users/:uid/export) and erase (DELETE /admin/users/:uid). */
@Module({
  imports: [InteractionsModule, PersistenceModule],
  controllers: [UsersController],
  providers: [AdminTokenGuard, UsersRepository, UsersService],
})
export class UsersModule {}
