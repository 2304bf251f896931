import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { AdminController } from './admin.controller.js';
import { AnalyticsModule } from './analytics/analytics.module.js';
import { TakeoverModule } from './takeover/takeover.module.js';
import { UsersModule } from './users/users.module.js';
import { AdminInteractionsService } from './admin-interactions.service.js';
import { AdminProcessesService } from './admin-processes.service.js';
import { AdminVersionsService } from './admin-versions.service.js';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { ConfigWatcher } from './config-watcher.service.js';

@Module({
  imports: [ProcessesModule, InteractionsModule, AnalyticsModule, UsersModule, TakeoverModule],
  controllers: [AdminController],
  providers: [
    AdminTokenGuard,
    AdminInteractionsService,
    AdminProcessesService,
    AdminVersionsService,
    ConfigWatcher,
  ],
})
export class AdminModule {}
