// The client half of "every CLI command works while serve runs": when a command finds the database
// held by a running `serve`, it runs through that server instead (see cli/serve/cli-route.ts), and
// says so on stderr.
import { writeLine, type CommandIo } from './command.js'
import { CLI_ROUTE, NOT_FORWARDED, readRuntimeNote } from './serve/runtime-file.js'

/** Runs `argv` through the server holding `databasePath`; undefined when there is none to ask. */
export async function forwardToServer(
  databasePath: string,
  argv: readonly string[],
  io: CommandIo,
): Promise<number | undefined> {
  const [name] = argv
  const note = readRuntimeNote(databasePath)
  if (!note || name === undefined || NOT_FORWARDED.has(name)) {
    return undefined
  }
  let response: Response
  try {
    response = await fetch(`${note.url}/api/v1${CLI_ROUTE}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${note.secret}`, 'content-type': 'application/json' },
      body: JSON.stringify({ argv, cwd: io.cwd }),
      signal: io.signal,
    })
  } catch {
    return undefined
  }
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => '')
    writeLine(io.stderr, `partnerwatch: the running server refused the command: ${text.trim()}`)
    return 1
  }
  writeLine(
    io.stderr,
    `partnerwatch: ${databasePath} is held by 'partnerwatch serve' (pid ${note.pid}); ran '${name}' through it at ${note.url}`,
  )
  let exit = 1
  let buffered = ''
  const decoder = new TextDecoder()
  const handle = (line: string): void => {
    if (line.trim() === '') {
      return
    }
    const frame = JSON.parse(line) as { o?: string; e?: string; exit?: number }
    if (frame.o !== undefined) {
      io.stdout.write(frame.o)
    }
    if (frame.e !== undefined) {
      io.stderr.write(frame.e)
    }
    if (frame.exit !== undefined) {
      exit = frame.exit
    }
  }
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true })
    let nl = buffered.indexOf('\n')
    while (nl >= 0) {
      handle(buffered.slice(0, nl))
      buffered = buffered.slice(nl + 1)
      nl = buffered.indexOf('\n')
    }
  }
  handle(buffered)
  return exit
}
