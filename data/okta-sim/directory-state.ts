// The scenario's directory, loaded from directory.json into maps that lifecycle calls change in
// memory (the file itself is never written).
import { readFile } from 'node:fs/promises'
import { InputInvalid } from '../../lib/errors.js'
import type { OktaApp, OktaGroup, OktaIdp, OktaUser, ScenarioDirectory } from '../scenario/types.js'

export type AppAssignment = ScenarioDirectory['appUsers'][number]
export type IdpLink = ScenarioDirectory['idpUsers'][number]
export type AdminRole = ScenarioDirectory['adminRoles'][number]

const LIST_KEYS = [
  'users',
  'groups',
  'groupMembers',
  'apps',
  'appUsers',
  'appGroups',
  'idps',
  'idpUsers',
  'adminRoles',
] as const

export class DirectoryState {
  readonly asOf: string | undefined
  readonly users = new Map<string, OktaUser>()
  readonly groups = new Map<string, OktaGroup>()
  /** groupId → userIds */
  readonly groupMembers = new Map<string, Set<string>>()
  readonly apps = new Map<string, OktaApp>()
  /** appId → userId → assignment */
  readonly appUsers = new Map<string, Map<string, AppAssignment>>()
  /** appId → groupIds */
  readonly appGroups = new Map<string, Set<string>>()
  readonly idps = new Map<string, OktaIdp>()
  /** idpId → userId → link */
  readonly idpUsers = new Map<string, Map<string, IdpLink>>()
  readonly adminRoles: AdminRole[]
  private readonly loginToId = new Map<string, string>()

  constructor(dir: ScenarioDirectory) {
    this.asOf = dir.asOf
    for (const u of dir.users) {
      const copy = structuredClone(u)
      this.users.set(u.id, copy)
      this.loginToId.set(u.profile.login.toLowerCase(), u.id)
    }
    dir.groups.forEach((g) => this.groups.set(g.id, structuredClone(g)))
    dir.groupMembers.forEach((m) => setOf(this.groupMembers, m.groupId).add(m.userId))
    dir.apps.forEach((a) => this.apps.set(a.id, structuredClone(a)))
    dir.appUsers.forEach((a) => mapOf(this.appUsers, a.appId).set(a.userId, { ...a }))
    dir.appGroups.forEach((a) => setOf(this.appGroups, a.appId).add(a.groupId))
    dir.idps.forEach((i) => this.idps.set(i.id, structuredClone(i)))
    dir.idpUsers.forEach((l) => mapOf(this.idpUsers, l.idpId).set(l.userId, { ...l }))
    this.adminRoles = dir.adminRoles.map((r) => ({ ...r }))
  }

  static async load(path: string): Promise<DirectoryState> {
    let parsed: unknown
    try {
      parsed = JSON.parse(await readFile(path, 'utf8'))
    } catch (err) {
      throw new InputInvalid(path, `cannot read the directory (${(err as Error).message})`)
    }
    if (typeof parsed !== 'object' || parsed === null) {
      throw new InputInvalid(path, 'the directory must be a JSON object')
    }
    const record = parsed as Record<string, unknown>
    for (const key of LIST_KEYS) {
      if (record[key] === undefined) {
        record[key] = []
      } else if (!Array.isArray(record[key])) {
        throw new InputInvalid(path, `"${key}" must be an array`)
      }
    }
    return new DirectoryState(record as unknown as ScenarioDirectory)
  }

  /** By id, or by login (case-insensitive) as Okta allows for GET /users/{idOrLogin}. */
  findUser(idOrLogin: string): OktaUser | undefined {
    return (
      this.users.get(idOrLogin) ?? this.users.get(this.loginToId.get(idOrLogin.toLowerCase()) ?? '')
    )
  }

  groupsOf(userId: string): OktaGroup[] {
    const out: OktaGroup[] = []
    for (const [groupId, members] of this.groupMembers) {
      const group = this.groups.get(groupId)
      if (group && members.has(userId)) {
        out.push(group)
      }
    }
    return out
  }

  assignmentsOf(userId: string): AppAssignment[] {
    const out: AppAssignment[] = []
    for (const users of this.appUsers.values()) {
      const a = users.get(userId)
      if (a) {
        out.push(a)
      }
    }
    return out
  }

  rolesOf(userId: string): AdminRole[] {
    return this.adminRoles.filter((r) => r.userId === userId)
  }
}

function setOf<K, V>(map: Map<K, Set<V>>, key: K): Set<V> {
  let set = map.get(key)
  if (!set) {
    set = new Set()
    map.set(key, set)
  }
  return set
}

function mapOf<K, K2, V>(map: Map<K, Map<K2, V>>, key: K): Map<K2, V> {
  let inner = map.get(key)
  if (!inner) {
    inner = new Map()
    map.set(key, inner)
  }
  return inner
}

/** The instant a scenario's directory is a snapshot of (`asOf`), if it says. */
export async function scenarioAsOf(directoryPath: string): Promise<Date | undefined> {
  const dir = await DirectoryState.load(directoryPath)
  const ms = dir.asOf === undefined ? Number.NaN : Date.parse(dir.asOf)
  return Number.isFinite(ms) ? new Date(ms) : undefined
}
