// Writers of one table to one file, row by row, so no table is ever held whole: CSV and JSON through
// a write stream that waits for drain, XLSX through exceljs's streaming WorkbookWriter.
import { createWriteStream, type WriteStream } from 'node:fs'
import { once } from 'node:events'
import ExcelJS from 'exceljs'
import { toCell, toJsonValue } from './cells.js'
import { csvLine } from './csv.js'

export type Format = 'csv' | 'json' | 'xlsx'

export interface TableWriter {
  row(values: readonly unknown[]): Promise<void>
  end(): Promise<void>
}

async function write(stream: WriteStream, text: string): Promise<void> {
  if (!stream.write(text)) {
    await once(stream, 'drain')
  }
}

async function close(stream: WriteStream): Promise<void> {
  stream.end()
  await once(stream, 'finish')
}

export async function openTableWriter(
  path: string,
  format: Format,
  columns: readonly string[],
  sheetName: string,
): Promise<TableWriter> {
  if (format === 'xlsx') {
    const book = new ExcelJS.stream.xlsx.WorkbookWriter({
      filename: path,
      useStyles: false,
      useSharedStrings: false,
    })
    const sheet = book.addWorksheet(sheetName)
    sheet.addRow([...columns]).commit()
    return {
      row: (values) => {
        // Typed cells: text stays text (a leading = is never a formula in an XLSX string cell).
        sheet.addRow(values.map(toCell)).commit()
        return Promise.resolve()
      },
      end: async () => {
        sheet.commit()
        await book.commit()
      },
    }
  }
  const stream = createWriteStream(path, { encoding: 'utf8' })
  if (format === 'csv') {
    await write(stream, csvLine(columns))
    return {
      row: (values) => write(stream, csvLine(values.map(toCell))),
      end: () => close(stream),
    }
  }
  let first = true
  await write(stream, '[')
  return {
    row: async (values) => {
      const obj = Object.fromEntries(columns.map((c, i) => [c, toJsonValue(values[i] ?? null)]))
      await write(stream, `${first ? '\n' : ',\n'}${JSON.stringify(obj)}`)
      first = false
    },
    end: async () => {
      await write(stream, first ? ']\n' : '\n]\n')
      await close(stream)
    },
  }
}
