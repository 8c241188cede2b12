import type { IdempotencyClaim } from '@rolecall/db'
import type { Principal } from './auth.js'

/**
 * Hono's environment for every Rolecall route. `principal` is set by `bearerAuth`, so it exists
 * only under `/v1/*`; `idempotencyClaim` by `idempotency`.
 * @example new OpenAPIHono<AppEnv>({ defaultHook })
 */
export interface AppEnv {
  Variables: {
    requestId: string
    principal: Principal
    /** The request's hold on its Idempotency-Key, when it sent one; its writes mark it applied. */
    idempotencyClaim?: IdempotencyClaim
  }
}
