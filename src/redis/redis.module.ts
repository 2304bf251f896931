import { Module } from '@nestjs/common';
import { RedisLink } from './redis-link.service.js';

/** One RedisLink per application, used by the socket.io adapter and reported by /health. */
@Module({
  providers: [RedisLink],
  exports: [RedisLink],
})
export class RedisModule {}
