import { LoggerModule } from 'nestjs-pino';
import { Settings } from './settings/settings.js';

/**
 * Structured logs with pino: one JSON object per line (LOG_FORMAT=json), or the same lines made readable by
 * pino-pretty. Every line about a turn carries its interaction id; tokens and cookies are never logged.
 *
 * No request-scoped logger (`forRoutes: []`): nestjs-pino keeps one in an AsyncLocalStorage, and on Node 20
 * the first request that enters one hooks every promise of the process from then on (the first health
 * check made each socket turn cost about a sixth more CPU, measured). A line says what it is about itself.
 */
export const LoggingModule = LoggerModule.forRootAsync({
  inject: [Settings],
  useFactory: (settings: Settings) => ({
    forRoutes: [],
    pinoHttp: {
      level: settings.LOG_LEVEL,
      autoLogging: false,
      redact: ['req.headers.authorization', 'req.headers.cookie'],
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
