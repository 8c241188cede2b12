import { errorFromResponse } from './rolecall-error.js'

/** What openapi-fetch answers: data on success, the parsed error body otherwise, and the response. */
interface FetchResult<T> {
  data?: T
  error?: unknown
  response: Response
}

/**
 * The data of a successful response; throws a RolecallError for any other.
 * @example const org = await unwrap(raw.GET('/v1/orgs/{orgId}', { params: { path: { orgId: 'acme' } } }))
 */
export async function unwrap<T>(pending: Promise<FetchResult<T>>): Promise<T> {
  const { data, error, response } = await pending
  if (!response.ok) throw errorFromResponse(response, error)
  return data as T
}
