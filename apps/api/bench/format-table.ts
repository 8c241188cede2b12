/**
 * Rows as a plain-text table, columns padded to their widest cell; numbers align right.
 * @example formatTable(['run', 'req/s'], [['1', '10,432']])
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]) =>
    cells
      .map((cell, i) =>
        /^[\d.,%-]+( ms| µs)?$/.test(cell) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
      )
      .join('  ')
      .trimEnd()
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

const grouped = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 })

/** `12,345`. */
export const count = (n: number) => grouped.format(n)

/** `1.23 ms`, or `-` when there was nothing to measure. */
export const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(2)} ms` : '-')
