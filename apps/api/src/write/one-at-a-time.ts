/**
 * Runs tasks one at a time per key, in arrival order; tasks under different keys run side by side.
 * A task that fails does not hold up the next one.
 * @example const orgs = new OneAtATime(); await orgs.run('acme', () => write())
 */
export class OneAtATime {
  readonly #tails = new Map<string, Promise<unknown>>()

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key)
    const result = previous ? previous.then(() => task()) : task()
    const tail = result.catch(() => {})
    this.#tails.set(key, tail)
    // The last task out forgets the key, so the map holds only keys with work in flight.
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key)
    })
    return result
  }
}
