import { ConsoleLogger, type LogLevel as NestLogLevel } from '@nestjs/common';
import type { Settings } from './settings/settings.js';

const NEST_LEVELS: Record<Settings['LOG_LEVEL'], NestLogLevel[]> = {
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};

export const createLogger = (settings: Settings): ConsoleLogger =>
  new ConsoleLogger('mmcc', {
    json: settings.LOG_FORMAT === 'json',
    colors: settings.LOG_FORMAT === 'pretty' && process.stdout.isTTY,
    logLevels: NEST_LEVELS[settings.LOG_LEVEL],
  });
