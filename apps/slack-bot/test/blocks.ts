/** The value of the button with `actionId` in a message's blocks, as the bot put it there. */
export function buttonValue(message: { blocks?: unknown[] } | undefined, actionId: string): string {
  for (const block of (message?.blocks ?? []) as { elements?: { action_id?: string; value?: string }[] }[]) {
    const found = block.elements?.find((element) => element.action_id === actionId)
    if (found?.value !== undefined) return found.value
  }
  throw new Error(`no button ${actionId} in ${JSON.stringify(message?.blocks)}`)
}

/** The action ids of a message's buttons. */
export const buttonsOf = (message: { blocks?: unknown[] } | undefined): string[] =>
  ((message?.blocks ?? []) as { elements?: { action_id?: string }[] }[]).flatMap(
    (block) => block.elements?.flatMap((element) => (element.action_id ? [element.action_id] : [])) ?? [],
  )
