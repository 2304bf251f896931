import { Module } from '@nestjs/common';
import { ConversationModule } from '../../conversation/conversation.module.js';
import { InteractionsModule } from '../../interactions/interactions.module.js';
import { UpgradeRouter } from './upgrade-router.js';

/** The one owner of the HTTP server's upgrade requests, shared by every WebSocket transport. */
@Module({
  imports: [ConversationModule, InteractionsModule],
  providers: [UpgradeRouter],
  exports: [UpgradeRouter],
})
export class UpgradesModule {}
