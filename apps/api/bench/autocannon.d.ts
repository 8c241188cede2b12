// autocannon ships no types; this declares the part of its API the bench uses (README of v9).
declare module 'autocannon' {
  import type { EventEmitter } from 'node:events'

  namespace autocannon {
    interface Request {
      method?: string
      path?: string
      headers?: Record<string, string>
      body?: string
    }
    interface Client extends EventEmitter {
      setRequests(requests: Request[]): void
    }
    interface Options {
      url: string
      connections?: number
      duration?: number
      timeout?: number
      method?: string
      headers?: Record<string, string>
      body?: string
      requests?: Request[]
      setupClient?: (client: Client) => void
    }
    interface Histogram {
      average: number
      p50: number
      p99: number
    }
    interface Result {
      duration: number
      requests: Histogram & { total: number }
      latency: Histogram
      errors: number
      timeouts: number
      non2xx: number
      '2xx': number
      statusCodeStats: Record<string, { count: number }>
    }
    interface Instance extends EventEmitter, PromiseLike<Result> {
      stop(): void
    }
  }

  function autocannon(options: autocannon.Options): autocannon.Instance
  export = autocannon
}
