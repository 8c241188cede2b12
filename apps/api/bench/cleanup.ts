type Task = () => Promise<void> | void

const tasks: Task[] = []

/**
 * Registers work to undo at the end (children to stop, databases to drop), run newest first.
 * Returns a function that runs the task now and forgets it.
 * @example const release = onCleanup(() => child.kill())
 */
export function onCleanup(task: Task): () => Promise<void> {
  tasks.push(task)
  return async () => {
    const at = tasks.indexOf(task)
    if (at < 0) return
    tasks.splice(at, 1)
    await task()
  }
}

let running: Promise<void> | undefined

/**
 * Runs every registered task, newest first; a failing task does not stop the others. Callers that
 * arrive while it runs (a signal during the normal ending) wait for the same run.
 */
export function cleanup(): Promise<void> {
  running ??= drain().finally(() => {
    running = undefined
  })
  return running
}

async function drain(): Promise<void> {
  for (let task = tasks.pop(); task; task = tasks.pop()) {
    try {
      await task()
    } catch (err) {
      process.stderr.write(`cleanup: ${err instanceof Error ? err.message : String(err)}\n`)
    }
  }
}
