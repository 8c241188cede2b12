/**
 * Whether `text` is valid Unicode: no UTF-16 surrogate without its other half. JSON can carry one as an
 * escape (`"\ud800"`), which Postgres refuses in jsonb and turns into U+FFFD in text; URLs and headers
 * cannot (a percent-escaped surrogate does not decode, and header values are bytes). ES2024's
 * `String#isWellFormed`, in every Node the engines field allows, though the base tsconfig's lib is ES2023.
 * @example isWellFormed('\ud83d\ude00') // true; isWellFormed('\ud800') // false
 */
export const isWellFormed = (text: string): boolean => (text as string & { isWellFormed(): boolean }).isWellFormed()

/**
 * The path of each string in `value` that is not well-formed, and of each object holding a property
 * name that is not: the name itself is left out of the path, so an answer naming it never repeats it.
 * @example loneSurrogatePaths({ founder: { id: '\ud800' }, roles: ['a', '\udc00'] }) // [['founder', 'id'], ['roles', 1]]
 */
export function loneSurrogatePaths(value: unknown): PropertyKey[][] {
  const found: PropertyKey[][] = []
  // One path, grown and shrunk as the walk goes, copied only for what it reports.
  const path: PropertyKey[] = []
  const visit = (node: unknown) => {
    if (typeof node === 'string') {
      if (!isWellFormed(node)) found.push([...path])
    } else if (Array.isArray(node)) {
      for (let index = 0; index < node.length; index++) {
        path.push(index)
        visit(node[index])
        path.pop()
      }
    } else if (typeof node === 'object' && node !== null) {
      let badName = false
      for (const [key, item] of Object.entries(node)) {
        if (!isWellFormed(key)) {
          badName = true
          continue
        }
        path.push(key)
        visit(item)
        path.pop()
      }
      if (badName) found.push([...path])
    }
  }
  visit(value)
  return found
}
