/**
 * Helpers for the tests of packages that build on `@rolecall/db`, kept out of its production entry so an
 * application never ships them. Import from `@rolecall/db/testing`.
 */
export { createTestDatabase } from './test-database.js'
