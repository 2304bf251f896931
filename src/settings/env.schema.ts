import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * Every setting the server reads from the environment, with its default. The README's settings
 * table lists the same names; `loadSettings` is the only reader of process.env.
 */
export class EnvironmentVariables {
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(65535)
  PORT = 3000;

  @IsString()
  @MinLength(1)
  HOST = '0.0.0.0';

  @IsString()
  @MinLength(1)
  CONFIG_DIR = './config';

  @IsOptional()
  @Matches(/^[A-Za-z0-9_.-]+$/, {
    message: 'DEFAULT_PROCESS must be the name of a folder in CONFIG_DIR',
  })
  DEFAULT_PROCESS?: string = undefined;

  @Type(() => Number)
  @IsInt()
  @Min(1)
  CALLBACK_TIMEOUT_MS = 10_000;

  @IsIn(LOG_LEVELS)
  LOG_LEVEL: LogLevel = 'info';

  @IsIn(['json', 'pretty'])
  LOG_FORMAT: 'json' | 'pretty' = 'pretty';
}
