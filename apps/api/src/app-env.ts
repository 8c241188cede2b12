import type { Principal } from './auth.js'

/**
 * Hono's environment for every Rolecall route. `principal` is set by `bearerAuth`, so it exists
 * only under `/v1/*`.
 * @example new OpenAPIHono<AppEnv>({ defaultHook })
 */
export interface AppEnv {
  Variables: {
    requestId: string
    principal: Principal
  }
}
