import { type DestinationStream, type Logger, type LoggerOptions, pino } from 'pino'
import { loggableError } from './loggable-error.js'

/**
 * The API's JSON logger. Secrets are redacted wherever they might end up in a log object,
 * so a careless `logger.info({ headers })` cannot leak a key, and an `err` is logged by `loggableError`:
 * without the e-mail addresses and values a database error quotes.
 *
 * Without a destination it writes to stdout asynchronously and in blocks: lines gather until 4 KiB
 * or a quarter second has passed, then go out in one write, rather than one write per request line,
 * each a hop through libuv's thread pool and back, under a load of thousands a second. Whatever is still
 * buffered is flushed when the process exits (`process.exit` included); only a SIGKILL can lose it,
 * and then at most the last quarter second.
 * @example const logger = createLogger({ level: config.LOG_LEVEL })
 */
export function createLogger(options: Pick<LoggerOptions, 'level'> = {}, destination?: DestinationStream): Logger {
  const settings: LoggerOptions = {
    ...options,
    base: { service: 'rolecall-api' },
    serializers: { err: loggableError },
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
  return pino(settings, destination ?? bufferedStdout())
}

const BUFFER_BYTES = 4096
const FLUSH_EVERY_MS = 250

function bufferedStdout(): DestinationStream {
  const stream = pino.destination({ dest: 1, sync: false, minLength: BUFFER_BYTES })
  // Without it, a quiet server's last lines would wait for the next 4 KiB of traffic. The timer stops
  // when the stream closes; a stream ending meanwhile has flushed itself and throws on flush.
  const timer = setInterval(() => {
    try {
      stream.flush()
    } catch {
      clearInterval(timer)
    }
  }, FLUSH_EVERY_MS).unref()
  stream.once('close', () => clearInterval(timer))
  return stream
}
