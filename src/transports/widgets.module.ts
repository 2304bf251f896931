import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { ConversationModule } from '../conversation/conversation.module.js';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { DirectLineController } from './directline/directline.controller.js';
import { DirectLineConversations } from './directline/directline-conversations.js';
import { DirectLineStreamsGateway } from './directline/directline-streams.gateway.js';
import { DirectLineTokens } from './directline/directline-tokens.js';
import { FanOutModule } from './fan-out/fan-out.module.js';
import { RasaGateway } from './rasa/rasa.gateway.js';
import { RasaSessionIds } from './rasa/rasa-session-ids.js';
import { RasaSessions } from './rasa/rasa-sessions.js';
import { UpgradesModule } from './upgrades/upgrades.module.js';
import { WidgetKeys } from './widget-keys.js';

/**
 * The protocols of chat widgets people already use, Rasa's socket.io channel and Direct Line 3.0: two more
 * framings over the ConversationPipeline.
 */
@Module({
  imports: [AuthModule, ConversationModule, InteractionsModule, FanOutModule, UpgradesModule],
  controllers: [DirectLineController],
  providers: [
    WidgetKeys,
    RasaSessionIds,
    RasaSessions,
    RasaGateway,
    DirectLineTokens,
    DirectLineConversations,
    DirectLineStreamsGateway,
  ],
  exports: [RasaSessionIds],
})
export class WidgetsModule {}
