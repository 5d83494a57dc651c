// Process-wide templates of class definitions (by name and fields) with compiled instance readers: an
// object literal of fixed shape and one named store per field, several times faster than keyed
// stores. Bounded so hostile input can neither grow the cache nor force much compilation.
import type { HessianReader } from "./reader.ts"

/** Reads one instance's fields; creates and registers the object (or `{ $class, $ }` wrapper) first. */
export type InstanceFactory = (r: HessianReader, className: string) => unknown

export interface ClassTemplate {
  readonly name: string
  readonly fields: ReadonlyArray<string>
  /** No field is named `__proto__`, so plain assignment is safe. */
  readonly plain: boolean
  factory: InstanceFactory | undefined
  /** Compilation was tried (successfully or not). */
  compiled: boolean
  readonly next: ClassTemplate | undefined
}

const templates = new Map<string, ClassTemplate>()
let templateCount = 0
const TEMPLATES_MAX = 2048
const PER_NAME_MAX = 8
const MAX_FIELDS = 64
/** Instances of one definition, within one reader, before it is compiled. */
export const COMPILE_AFTER = 4
/** Compilations one reader may cause. */
export const COMPILES_PER_READER = 16

const sameFields = (a: ReadonlyArray<string>, b: ReadonlyArray<string>): boolean => {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** The shared template for a definition (a fresh, unshared one when the cache is full or it is too big). */
export const classTemplate = (name: string, fields: ReadonlyArray<string>): ClassTemplate => {
  const head = templates.get(name)
  let t = head
  let depth = 0
  while (t !== undefined && !sameFields(t.fields, fields)) {
    t = t.next
    depth++
  }
  if (t !== undefined) return t
  const plain = !fields.includes("__proto__")
  const tooBig = fields.length > MAX_FIELDS
  t = { name, fields, plain, factory: undefined, compiled: tooBig || !plain, next: head }
  if (!tooBig && depth < PER_NAME_MAX && templateCount < TEMPLATES_MAX) {
    templates.set(name, t)
    templateCount++
  }
  return t
}

/** Compiles the template's factory (field names are embedded as JSON string literals). */
export const compileFactory = (t: ClassTemplate): InstanceFactory | undefined => {
  t.compiled = true
  const fields = t.fields
  if (new Set(fields).size !== fields.length) return undefined
  const lits = fields.map((f) => JSON.stringify(f))
  const body =
    `const o = {${lits.map((l) => `${l}: null`).join(", ")}};\n` +
    `const out = r.withType ? { $class: c, $: o } : o;\n` +
    `r.refs.push(out);\n` +
    lits.map((l) => `o[${l}] = r.readValue();\n`).join("") +
    `return out;`
  try {
    t.factory = new Function("r", "c", body) as InstanceFactory
  } catch {
    return undefined
  }
  return t.factory
}
