import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { ConversationPipeline } from './conversation.pipeline.js';

/** The way every message travels, for every transport (ConversationPipeline). */
@Module({
  imports: [InteractionsModule],
  providers: [ConversationPipeline],
  exports: [ConversationPipeline],
})
export class ConversationModule {}
