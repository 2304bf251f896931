import { Module } from '@nestjs/common';
import { ProcessesModule } from '../processes/processes.module.js';
import { HealthController } from './health.controller.js';

@Module({
  imports: [ProcessesModule],
  controllers: [HealthController],
})
export class HealthModule {}
