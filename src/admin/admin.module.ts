import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { AdminController } from './admin.controller.js';
import { AdminInteractionsService } from './admin-interactions.service.js';
import { AdminProcessesService } from './admin-processes.service.js';
import { AdminTokenGuard } from './admin-token.guard.js';
import { ConfigWatcher } from './config-watcher.service.js';

@Module({
  imports: [ProcessesModule],
  controllers: [AdminController],
  providers: [AdminTokenGuard, AdminInteractionsService, AdminProcessesService, ConfigWatcher],
})
export class AdminModule {}
