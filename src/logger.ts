import { LoggerModule } from 'nestjs-pino';
import { Settings } from './settings/settings.js';

/**
 * Structured logs with pino: one JSON object per line (LOG_FORMAT=json), or the same lines made readable by
 * pino-pretty. Every line about a turn carries its interaction id; tokens and cookies are never logged.
 */
export const LoggingModule = LoggerModule.forRootAsync({
  inject: [Settings],
  useFactory: (settings: Settings) => ({
    pinoHttp: {
      level: settings.LOG_LEVEL,
      autoLogging: false,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
      // The request's id, method and URL are enough to follow a line back to its request.
      serializers: {
        req: (req: { id: unknown; method: string; url: string }) => ({
          id: req.id,
          method: req.method,
          url: req.url,
        }),
      },
      transport:
        settings.LOG_FORMAT === 'pretty'
          ? {
              target: 'pino-pretty',
              options: { singleLine: true, colorize: false, ignore: 'pid,hostname,req' },
            }
          : undefined,
    },
  }),
});
