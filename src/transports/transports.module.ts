import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { SeedRestController } from './seed-rest/seed-rest.controller.js';
import { InteractionsGateway } from './socket-io/interactions.gateway.js';
import { SeedWsServer } from './ws/seed-ws.server.js';
import { WidgetsModule } from './widgets.module.js';

/** The ways clients reach interactions, all thin adapters over the InteractionsService. */
@Module({
  imports: [InteractionsModule, WidgetsModule],
  controllers: [SeedRestController],
  providers: [InteractionsGateway, SeedWsServer],
})
export class TransportsModule {}
