import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { ConversationPipeline } from './conversation.pipeline.js';
import { ErrorReporter } from './error-reporter.js';

/** The way every message travels, for every transport (ConversationPipeline), and how failures are told. */
@Module({
  imports: [InteractionsModule],
  providers: [ConversationPipeline, ErrorReporter],
  exports: [ConversationPipeline, ErrorReporter],
})
export class ConversationModule {}
