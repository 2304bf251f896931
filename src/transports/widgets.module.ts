import { Module } from '@nestjs/common';
import { InteractionsModule } from '../interactions/interactions.module.js';
import { RasaChannel } from './rasa/rasa.channel.js';
import { RasaSessionIds } from './rasa/rasa-session-ids.js';
import { RasaSessions } from './rasa/rasa-sessions.js';
import { WidgetKeys } from './widget-keys.js';

/** The protocols of chat widgets people already use: Rasa's socket.io channel and Direct Line 3.0. */
@Module({
  imports: [InteractionsModule],
  providers: [WidgetKeys, RasaSessionIds, RasaSessions, RasaChannel],
})
export class WidgetsModule {}
