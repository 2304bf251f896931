import { Module } from '@nestjs/common';
import { InteractionsModule } from '../../interactions/interactions.module.js';
import { RedisModule } from '../../redis/redis.module.js';
import { ErasureRelay } from './erasure-relay.js';
import { ReplyFanOut } from './reply-fan-out.js';

/** The one fan-out of committed replies (and of erasures) to every transport's sockets and to the other servers. */
@Module({
  imports: [InteractionsModule, RedisModule],
  providers: [ReplyFanOut, ErasureRelay],
  exports: [ReplyFanOut],
})
export class FanOutModule {}
