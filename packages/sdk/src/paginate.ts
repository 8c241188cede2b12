/** A page as the API answers it: items and the cursor of the next page, `null` after the last. */
export interface Page<T> {
  items: T[]
  next: string | null
}

/**
 * Every item of every page, requesting the next page only when the loop reaches it.
 * @example for await (const m of paginate((cursor) => fetchPage(cursor))) console.log(m)
 */
export async function* paginate<T>(page: (cursor: string | undefined) => Promise<Page<T>>): AsyncGenerator<T, void> {
  let cursor: string | undefined
  do {
    const { items, next } = await page(cursor)
    yield* items
    cursor = next ?? undefined
  } while (cursor !== undefined)
}
