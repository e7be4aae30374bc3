// The server half of "every CLI command works while serve runs": a loopback-only route that runs a
// CLI command inside this process, against the server's configuration and a database session of
// its own, and streams what the command writes back as NDJSON frames ({"o"} stdout, {"e"} stderr,
// then {"exit"}). Only a caller holding this run's secret (the runtime note, readable by the owner
// only) gets in; it is not part of the public API and not in the OpenAPI document.
import { PassThrough, Writable } from 'node:stream'
import { Type } from '@sinclair/typebox'
import type { ApiRoutes } from '../../api/app.js'
import type { Config } from '../../lib/config.js'
import type { Database } from '../../lib/db.js'
import type { CommandEntry } from '../command.js'
import { runInsideServer } from '../context.js'
import { runCli } from '../run.js'
import { CLI_ROUTE, NOT_FORWARDED, secretsEqual } from './runtime-file.js'

const Body = Type.Object(
  {
    argv: Type.Array(Type.String({ maxLength: 4096 }), { maxItems: 64 }),
    cwd: Type.String({ maxLength: 4096 }),
  },
  { additionalProperties: false },
)

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1'])

export function cliRoutes(options: {
  secret: string
  config: Readonly<Config>
  db: Database
  commands: () => Promise<readonly CommandEntry[]>
}): ApiRoutes {
  return async (app) => {
    app.post(
      CLI_ROUTE,
      { schema: { hide: true, body: Body }, config: { public: true } },
      async (request, reply) => {
        const auth = request.headers.authorization ?? ''
        if (!LOOPBACK.has(request.ip) || !secretsEqual(auth, `Bearer ${options.secret}`)) {
          return reply.status(403).send({ code: 'forbidden', message: 'not allowed' })
        }
        const [name] = request.body.argv
        if (name === undefined || NOT_FORWARDED.has(name)) {
          return reply.status(400).send({
            code: 'bad_request',
            message: `'${name ?? ''}' cannot run through a running server`,
          })
        }
        const out = new PassThrough()
        const frame = (key: 'o' | 'e') =>
          new Writable({
            write(chunk: Buffer | string, _enc, done) {
              out.write(`${JSON.stringify({ [key]: chunk.toString() })}\n`)
              done()
            },
          })
        const abort = new AbortController()
        request.raw.on('close', () => abort.abort())
        const session = await options.db.session()
        const commands = await options.commands()
        void runInsideServer({ config: options.config, db: session }, () =>
          runCli(commands, {
            argv: request.body.argv,
            env: {},
            cwd: request.body.cwd,
            stdout: frame('o'),
            stderr: frame('e'),
            signal: abort.signal,
          }),
        )
          .then((code) => out.end(`${JSON.stringify({ exit: code })}\n`))
          .catch((err: unknown) => {
            out.end(`${JSON.stringify({ e: `${String(err)}\n`, exit: 1 })}\n`)
          })
          .finally(() => session.closeSync())
        return reply.type('application/x-ndjson').send(out)
      },
    )
  }
}
