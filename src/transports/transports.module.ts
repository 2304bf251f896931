import { Module } from '@nestjs/common';
import { ConversationModule } from '../conversation/conversation.module.js';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { RedisModule } from '../redis/redis.module.js';
import { ConsoleGateway } from './console/console.gateway.js';
import { SocketClosures } from './console/socket-closures.gateway.js';
import { FanOutModule } from './fan-out/fan-out.module.js';
import { InteractionsController } from './rest/interactions.controller.js';
import { ReferenceRestController } from './reference-rest/reference-rest.controller.js';
import { InteractionsGateway } from './socket-io/interactions.gateway.js';
import { ReferenceWsPushes } from './ws/reference-ws-pushes.js';
import { ReferenceWsGateway } from './ws/reference-ws.gateway.js';
import { UpgradesModule } from './upgrades/upgrades.module.js';
import { WidgetsModule } from './widgets.module.js';

/** The ways clients reach interactions: each only frames the ConversationPipeline's calls. */
@Module({
  imports: [
    ConversationModule,
    InteractionsModule,
    RedisModule,
    FanOutModule,
    UpgradesModule,
    WidgetsModule,
  ],
  controllers: [InteractionsController, ReferenceRestController],
  providers: [
    InteractionsGateway,
    ReferenceWsGateway,
    ReferenceWsPushes,
    SocketClosures,
    ConsoleGateway,
  ],
})
export class TransportsModule {}
