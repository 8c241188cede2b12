import { isRolecallError } from '@rolecall/sdk'
import { ana } from './client.js'

try {
  await ana.roles.revoke('acme', 'admin', 'usr_bo')
} catch (error) {
  // Narrows `error.code` to the codes named; they come from the API's spec.
  if (isRolecallError(error, 'LAST_HOLDER', 'NOT_AUTHORIZED')) {
    console.log(error.detail) // a sentence for people, in the client's locale
    console.log(error.allowedRoles, error.contact) // who could do it instead
  } else if (isRolecallError(error, 'VALIDATION_FAILED')) {
    for (const { path, message } of error.errors ?? []) console.log(path, message)
  } else {
    throw error
  }
}
