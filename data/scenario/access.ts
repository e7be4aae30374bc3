// Who may use which app, and why: one group per partner (assigned to the partner portal), app-access
// groups assigned to apps (the GROUP-scope assignments), and some direct USER-scope assignments.
// A few grants happen inside the window, made by an admin, so the log shows them being given.
import { adminInstant } from './calendar.js'
import { oktaId } from './ids.js'
import type { ScenarioUser, ScenarioWindow } from './model.js'
import type { PartnerSpec } from './partners.js'
import { Rng, STREAM } from './random.js'

export interface AppSpec {
  id: string
  name: string
  label: string
  signOnMode: string
  status: 'ACTIVE' | 'INACTIVE'
  /** Path segment of its SSO URL. */
  slug: string
}

export interface GroupSpec {
  id: string
  name: string
  description: string | null
  type: 'OKTA_GROUP' | 'APP_GROUP' | 'BUILT_IN'
}

export interface AccessModel {
  apps: AppSpec[]
  groups: GroupSpec[]
  /** Groups assigned to apps. */
  appGroups: { appIndex: number; groupId: string }[]
  everyoneId: string
  employeesId: string
  /** In-window grants: who got which group or app when (admin events). */
  grants: { userIndex: number; atMs: number; groupId: string | null; appIndex: number | null }[]
}

// name|label|signOnMode|slug|status
const APPS = `
acme_partnerportal|Acme Partner Portal|SAML_2_0|acmepartnerportal|ACTIVE
atlassian_jira_cloud|Jira Service Management|SAML_2_0|atlassianjiracloud|ACTIVE
atlassian_confluence_cloud|Confluence|SAML_2_0|atlassianconfluencecloud|ACTIVE
salesforce|Salesforce Partner Community|SAML_2_0|salesforce|ACTIVE
servicenow_app2|ServiceNow Supplier Portal|SAML_2_0|servicenow_app2|ACTIVE
office365|Microsoft Office 365|WS_FEDERATION|office365|ACTIVE
slack|Slack|SAML_2_0|slack|ACTIVE
workday|Workday|SAML_2_0|workday|ACTIVE
tableau_online|Tableau Cloud|SAML_2_0|tableauonline|INACTIVE
`
  .trim()
  .split('\n')

export const APP = {
  portal: 0,
  jira: 1,
  confluence: 2,
  salesforce: 3,
  servicenow: 4,
  office: 5,
  slack: 6,
  workday: 7,
} as const

export function buildAccess(
  window: ScenarioWindow,
  partners: PartnerSpec[],
  users: ScenarioUser[],
): AccessModel {
  const rng = new Rng(window.seed, STREAM.directory)
  const apps: AppSpec[] = APPS.map((line) => {
    const [name = '', label = '', signOnMode = '', slug = '', status = 'ACTIVE'] = line.split('|')
    return {
      id: oktaId(rng, '0oa'),
      name,
      label,
      signOnMode,
      slug,
      status: status === 'ACTIVE' ? 'ACTIVE' : 'INACTIVE',
    }
  })
  const everyone: GroupSpec = {
    id: oktaId(rng, '00g'),
    name: 'Everyone',
    description: 'All users in your organization',
    type: 'BUILT_IN',
  }
  const employees: GroupSpec = {
    id: oktaId(rng, '00g'),
    name: 'Acme Employees',
    description: 'All Acme Corp employees',
    type: 'OKTA_GROUP',
  }
  const appGroup = (label: string): GroupSpec => ({
    id: oktaId(rng, '00g'),
    name: `App - ${label}`,
    description: `Access to ${label}`,
    type: 'OKTA_GROUP',
  })
  const jira = appGroup('Jira Partners')
  const salesforce = appGroup('Salesforce Community')
  const servicenow = appGroup('ServiceNow Suppliers')
  const partnerGroups = partners.map((p): GroupSpec => ({
    id: p.groupId,
    name: `Partner - ${p.name}`,
    description: `${p.name} users (${p.domain})`,
    type: 'OKTA_GROUP',
  }))
  const model: AccessModel = {
    apps,
    groups: [everyone, employees, jira, salesforce, servicenow, ...partnerGroups],
    appGroups: [
      ...partners.map((p) => ({ appIndex: APP.portal, groupId: p.groupId })),
      { appIndex: APP.jira, groupId: jira.id },
      { appIndex: APP.salesforce, groupId: salesforce.id },
      { appIndex: APP.servicenow, groupId: servicenow.id },
      { appIndex: APP.office, groupId: employees.id },
      { appIndex: APP.slack, groupId: employees.id },
      { appIndex: APP.workday, groupId: employees.id },
      { appIndex: APP.jira, groupId: employees.id },
      { appIndex: APP.confluence, groupId: employees.id },
    ],
    everyoneId: everyone.id,
    employeesId: employees.id,
    grants: [],
  }
  for (const user of users) {
    const urng = new Rng(window.seed, STREAM.directory, user.index)
    const since = user.createdMs + 120_000
    const join = (groupId: string, sinceMs: number): void => {
      user.groups.push({ groupId, sinceMs })
      for (const ag of model.appGroups) {
        if (ag.groupId === groupId && !user.apps.some((a) => a.appIndex === ag.appIndex)) {
          user.apps.push({ appIndex: ag.appIndex, sinceMs, groupId })
        }
      }
    }
    user.groups.push({ groupId: everyone.id, sinceMs: user.createdMs })
    if (!user.partner) {
      join(employees.id, since)
      continue
    }
    join(user.partner.groupId, since)
    // Some access is requested and granted during the window; most predates it.
    const grantAt = (): number => {
      const inWindow = window.days >= 6 && user.life.category === 'active' && urng.chance(0.08)
      return inWindow ? adminInstant(urng, window, urng.int(1, window.days - 3)) : since
    }
    const optional: [GroupSpec, number][] = [
      [jira, 0.5],
      [salesforce, 0.3],
      [servicenow, 0.25],
    ]
    for (const [group, p] of optional) {
      if (urng.chance(p)) {
        const at = grantAt()
        join(group.id, at)
        if (at !== since) {
          model.grants.push({ userIndex: user.index, atMs: at, groupId: group.id, appIndex: null })
        }
      }
    }
    for (const [appIndex, p] of [
      [APP.confluence, 0.15],
      [APP.slack, 0.06],
    ] as const) {
      if (urng.chance(p)) {
        const at = grantAt()
        user.apps.push({ appIndex, sinceMs: at, groupId: null })
        if (at !== since) {
          model.grants.push({ userIndex: user.index, atMs: at, groupId: null, appIndex })
        }
      }
    }
  }
  model.grants.sort((a, b) => a.atMs - b.atMs || a.userIndex - b.userIndex)
  return model
}
