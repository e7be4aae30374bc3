// A small OCSF validator that reads the OCSF 1.8.0 schema source files vendored in test/fixtures/ocsf-1.8.0:
// classes under events/ (resolving `extends` and `$include`d profiles), objects/, dictionary.json
// (attribute types, arrays, enums) and categories.json. It checks, recursively: every attribute is
// defined by its class or object, required attributes are present, values have their dictionary type
// (with the type's regex and max length), enum values are known, object constraints (at_least_one,
// just_one) hold, and class_uid / category_uid / type_uid agree. No network, no generated schema.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

export const OCSF_ROOT = resolve(import.meta.dirname, '../../fixtures/ocsf-1.8.0')

interface AttrDef {
  type?: string
  is_array?: boolean
  requirement?: string
  enum?: Record<string, unknown>
  sibling?: string
}
interface Def {
  name: string
  extends?: string
  uid?: number
  category?: string
  attributes: Record<string, AttrDef | string[]>
  constraints?: { at_least_one?: string[]; just_one?: string[] }
}
interface Resolved {
  name: string
  attributes: Record<string, AttrDef>
  constraints: { at_least_one?: string[]; just_one?: string[] }
}
interface TypeDef {
  type?: string
  regex?: string
  max_len?: number
}

const CLASSIFICATION = new Set(['class_uid', 'category_uid', 'type_uid'])

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    return statSync(p).isDirectory() ? walk(p) : p.endsWith('.json') ? [p] : []
  })
}

export class OcsfSchema {
  private readonly dict: Record<string, AttrDef>
  private readonly types: Record<string, TypeDef>
  private readonly classes = new Map<string, Def>()
  private readonly objects = new Map<string, Def>()
  private readonly byUid = new Map<number, { resolved: Resolved; categoryUid: number }>()
  private readonly resolvedObjects = new Map<string, Resolved>()

  constructor(root = OCSF_ROOT) {
    const d = readJson<{
      attributes: Record<string, AttrDef>
      types: { attributes: Record<string, TypeDef> }
    }>(join(root, 'dictionary.json'))
    this.dict = d.attributes
    this.types = d.types.attributes
    const categories = readJson<{ attributes: Record<string, { uid: number }> }>(
      join(root, 'categories.json'),
    ).attributes
    for (const p of walk(join(root, 'events'))) {
      const def = readJson<Def>(p)
      this.classes.set(def.name, def)
    }
    for (const p of walk(join(root, 'objects'))) {
      const def = readJson<Def>(p)
      this.objects.set(def.name, def)
    }
    for (const def of this.classes.values()) {
      const category = this.categoryOf(def)
      const catUid = category === undefined ? 0 : (categories[category]?.uid ?? 0)
      const uid =
        def.name === 'base_event' ? 0 : def.uid === undefined ? undefined : catUid * 1000 + def.uid
      if (uid !== undefined) {
        this.byUid.set(uid, {
          resolved: this.resolve(def, this.classes, root),
          categoryUid: catUid,
        })
      }
    }
    this.root = root
  }

  private readonly root: string

  private categoryOf(def: Def): string | undefined {
    let d: Def | undefined = def
    while (d) {
      if (d.category && d.category !== 'other') {
        return d.category
      }
      d = d.extends ? this.classes.get(d.extends) : undefined
    }
    return undefined
  }

  private resolve(def: Def, table: Map<string, Def>, root: string): Resolved {
    const parent = def.extends ? table.get(def.extends) : undefined
    const base: Resolved = parent
      ? this.resolve(parent, table, root)
      : { name: def.name, attributes: {}, constraints: {} }
    const attributes: Record<string, AttrDef> = { ...base.attributes }
    const merge = (key: string, a: AttrDef): void => {
      const prev = attributes[key]
      const e = prev?.enum || a.enum ? { ...(prev?.enum ?? {}), ...(a.enum ?? {}) } : undefined
      attributes[key] = { ...prev, ...a, ...(e ? { enum: e } : {}) }
    }
    for (const [key, a] of Object.entries(def.attributes)) {
      if (key === '$include') {
        for (const file of a as string[]) {
          const prof = readJson<{ attributes: Record<string, AttrDef> }>(join(root, file))
          for (const [k, pa] of Object.entries(prof.attributes)) {
            if (k !== '$include') {
              // A profile's requirements bind only records that declare the profile; ours declare none.
              merge(k, { ...pa, requirement: 'optional' })
            }
          }
        }
      } else {
        merge(key, a as AttrDef)
      }
    }
    return { name: def.name, attributes, constraints: def.constraints ?? base.constraints }
  }

  private object(name: string): Resolved | undefined {
    const cached = this.resolvedObjects.get(name)
    if (cached) {
      return cached
    }
    const def = this.objects.get(name)
    if (!def) {
      return undefined
    }
    const r = this.resolve(def, this.objects, this.root)
    this.resolvedObjects.set(name, r)
    return r
  }

  /** Every problem with one record, as `path: message`; empty when it is valid. */
  validate(record: Record<string, unknown>): string[] {
    const errors: string[] = []
    const classUid = record.class_uid
    const cls = typeof classUid === 'number' ? this.byUid.get(classUid) : undefined
    if (!cls || typeof classUid !== 'number') {
      return [`class_uid: unknown class ${String(classUid)}`]
    }
    if (record.category_uid !== cls.categoryUid) {
      errors.push(`category_uid: ${String(record.category_uid)}, class needs ${cls.categoryUid}`)
    }
    if (
      typeof record.activity_id === 'number' &&
      record.type_uid !== classUid * 100 + record.activity_id
    ) {
      errors.push(`type_uid: ${String(record.type_uid)} is not class_uid*100+activity_id`)
    }
    this.checkObject(record, cls.resolved, '', errors)
    return errors
  }

  private checkObject(
    value: Record<string, unknown>,
    def: Resolved,
    path: string,
    errors: string[],
  ): void {
    for (const [key, attr] of Object.entries(def.attributes)) {
      if (attr.requirement === 'required' && (value[key] === undefined || value[key] === null)) {
        errors.push(`${path}${key}: required attribute missing (${def.name})`)
      }
    }
    const present = (k: string): boolean => value[k] !== undefined && value[k] !== null
    const { at_least_one: atLeastOne, just_one: justOne } = def.constraints
    if (atLeastOne && !atLeastOne.some(present)) {
      errors.push(`${path || def.name}: needs at least one of ${atLeastOne.join(', ')}`)
    }
    if (justOne && justOne.filter(present).length !== 1) {
      errors.push(`${path || def.name}: needs exactly one of ${justOne.join(', ')}`)
    }
    for (const [key, v] of Object.entries(value)) {
      const attr = def.attributes[key]
      const dict = this.dict[key]
      if (!attr || !dict) {
        errors.push(`${path}${key}: not an attribute of ${def.name}`)
        continue
      }
      const type = attr.type ?? dict.type ?? 'string_t'
      const isArray = attr.is_array ?? dict.is_array ?? false
      // The class and category ids are checked against the class above; their dictionary enums
      // list only the base event's values.
      const enumValues =
        CLASSIFICATION.has(key) && path === '' ? undefined : (attr.enum ?? dict.enum)
      if (isArray) {
        if (!Array.isArray(v)) {
          errors.push(`${path}${key}: must be an array`)
          continue
        }
        v.forEach((item, i) =>
          this.checkValue(item, type, enumValues, `${path}${key}[${i}]`, errors),
        )
      } else {
        this.checkValue(v, type, enumValues, `${path}${key}`, errors)
      }
      const sibling = attr.sibling ?? dict.sibling
      if (enumValues && v === 99 && sibling && !present(sibling)) {
        errors.push(`${path}${key}: 99 (Other) needs ${sibling}`)
      }
    }
  }

  private checkValue(
    v: unknown,
    type: string,
    enumValues: Record<string, unknown> | undefined,
    path: string,
    errors: string[],
  ): void {
    if (type === 'object' || type === 'json_t') {
      return
    }
    if (!type.endsWith('_t')) {
      const obj = this.object(type)
      if (!obj) {
        errors.push(`${path}: unknown object type ${type}`)
      } else if (typeof v !== 'object' || v === null || Array.isArray(v)) {
        errors.push(`${path}: must be a ${type} object`)
      } else {
        this.checkObject(v as Record<string, unknown>, obj, `${path}.`, errors)
      }
      return
    }
    const t = this.types[type]
    const base = t?.type ?? type
    const ok =
      base === 'string_t'
        ? typeof v === 'string'
        : base === 'integer_t' || base === 'long_t' || base === 'timestamp_t'
          ? Number.isInteger(v)
          : base === 'float_t'
            ? typeof v === 'number'
            : base === 'boolean_t'
              ? typeof v === 'boolean'
              : true
    if (!ok) {
      errors.push(`${path}: ${JSON.stringify(v)} is not a ${type}`)
      return
    }
    if (typeof v === 'string' && t?.regex && !new RegExp(t.regex).test(v)) {
      errors.push(`${path}: ${JSON.stringify(v)} does not match the ${type} pattern`)
    }
    if (typeof v === 'string' && t?.max_len && v.length > t.max_len) {
      errors.push(`${path}: longer than ${t.max_len}`)
    }
    if (enumValues && !(String(v) in enumValues)) {
      errors.push(`${path}: ${String(v)} is not one of ${Object.keys(enumValues).join(', ')}`)
    }
  }
}
