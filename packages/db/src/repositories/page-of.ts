/** A page of rows and the cursor of the next page, `null` after the last. */
export interface RowPage<T, C> {
  items: T[]
  next: C | null
}

/**
 * Splits rows fetched with `.limit(limit + 1)` into a page and the next page's cursor: the extra row
 * only tells that another page exists, which spares a count query.
 * @example const { items, next } = pageOf(await select.limit(51).execute(), 50, (row) => row.id)
 */
export function pageOf<T, C>(rows: readonly T[], limit: number, cursorOf: (last: T) => C): RowPage<T, C> {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return { items, next: rows.length > limit && last !== undefined ? cursorOf(last) : null }
}
