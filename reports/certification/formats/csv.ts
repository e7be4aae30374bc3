// CSV as RFC 4180 (UTF-8, CRLF line ends, fields quoted when they hold a comma, quote, CR or LF,
// quotes doubled), with formula injection neutralised: a text cell starting with = + - @, a tab or a
// CR gets a leading apostrophe, so a spreadsheet shows it as text instead of running it (OWASP).
import type { Cell } from './cells.js'

const FORMULA_START = /^[=+\-@\t\r]/

export function neutralise(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text
}

export function csvField(cell: Cell): string {
  if (cell === null) {
    return ''
  }
  const text = typeof cell === 'string' ? neutralise(cell) : String(cell)
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

export function csvLine(cells: readonly Cell[]): string {
  return `${cells.map(csvField).join(',')}\r\n`
}
