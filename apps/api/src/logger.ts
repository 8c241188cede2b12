import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino'

/**
 * The API's JSON logger. Secrets are redacted wherever they might end up in a log object,
 * so a careless `logger.info({ headers })` cannot leak a key.
 *
 * Without a destination it writes to stdout asynchronously: lines logged while a write is in flight
 * go out together in the next one, instead of a blocking write per request line. Whatever is still
 * buffered is flushed when the process exits (`process.exit` included); only a SIGKILL can lose it.
 * @example const logger = createLogger({ level: config.LOG_LEVEL })
 */
export function createLogger(options: Pick<LoggerOptions, 'level'> = {}, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    ...options,
    base: { service: 'rolecall-api' },
    redact: {
      paths: [
        'authorization',
        'headers.authorization',
        'req.headers.authorization',
        'headers["x-rolecall-admin-key"]',
        'adminKey',
        'secret',
        '*.adminKey',
        '*.secret',
      ],
      censor: '[redacted]',
    },
  }
  return pino(settings, destination ?? pino.destination({ dest: 1, sync: false }))
}
