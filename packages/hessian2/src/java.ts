// The `{ $class, $ }` Java value model (as in hessian.js / js-to-java) and typed helpers to build it.

/** A JS value tagged with the Java type it is written as. */
export interface JavaValue<T = unknown> {
  readonly $class: string
  readonly $: T
}

export const isJavaValue = (u: unknown): u is JavaValue =>
  u !== null && typeof u === "object" && typeof (u as { $class?: unknown }).$class === "string" && "$" in u

const t = <T>(className: string) => (value: T | null): JavaValue<T | null> => ({ $class: className, $: value })

/**
 * `java("com.foo.User", { id: "1" })` tags a value; the properties are typed shortcuts, named as in
 * js-to-java: lower case for primitives (`java.long(1)` → `long`), capitalised for boxes
 * (`java.Long(1)` → `java.lang.Long`).
 */
export const java = Object.assign(<T>(className: string, value: T): JavaValue<T> => ({ $class: className, $: value }), {
  boolean: t<boolean>("boolean"),
  Boolean: t<boolean>("java.lang.Boolean"),
  int: t<number>("int"),
  Integer: t<number>("java.lang.Integer"),
  short: t<number>("short"),
  Short: t<number>("java.lang.Short"),
  byte: t<number>("byte"),
  Byte: t<number>("java.lang.Byte"),
  long: t<number | bigint | string>("long"),
  Long: t<number | bigint | string>("java.lang.Long"),
  double: t<number>("double"),
  Double: t<number>("java.lang.Double"),
  float: t<number>("float"),
  Float: t<number>("java.lang.Float"),
  string: t<string>("java.lang.String"),
  String: t<string>("java.lang.String"),
  char: t<string>("char"),
  Character: t<string>("java.lang.Character"),
  date: t<Date | number>("java.util.Date"),
  Date: t<Date | number>("java.util.Date"),
  bytes: t<Uint8Array>("[B"),
  Object: t<unknown>("java.lang.Object"),
  /** A list with a Java type: `java.list("java.util.List", [...])`, `java.list("[java.lang.String", [...])`. */
  list: <T>(type: string, items: ReadonlyArray<T> | null): JavaValue<ReadonlyArray<T> | null> => ({ $class: type, $: items }),
  /** A Java array of `component`: `java.array("int", [1, 2])` is `{ $class: "[int", $: [1, 2] }`. */
  array: <T>(component: string, items: ReadonlyArray<T> | null): JavaValue<ReadonlyArray<T> | null> => ({
    $class: "[" + component,
    $: items
  }),
  List: <T>(items: ReadonlyArray<T> | null) => ({ $class: "java.util.List", $: items }),
  Set: <T>(items: ReadonlyArray<T> | null) => ({ $class: "java.util.Set", $: items }),
  /** A map with a Java type; a plain object becomes a JS `Map` so it is never taken for a bean. */
  map: (type: string, entries: Record<string, unknown> | Map<unknown, unknown> | null): JavaValue<Map<unknown, unknown> | null> => ({
    $class: type,
    $: entries === null || entries instanceof Map ? entries : new Map(Object.entries(entries))
  }),
  HashMap: (entries: Record<string, unknown> | Map<unknown, unknown> | null) => ({ $class: "java.util.HashMap", $: entries }),
  Map: (entries: Record<string, unknown> | Map<unknown, unknown> | null) => ({ $class: "java.util.Map", $: entries }),
  /** A Java bean: one class definition per class (and field list), fields in object key order. */
  object: <T extends object>(className: string, fields: T | null): JavaValue<T | null> => ({ $class: className, $: fields }),
  /** A Java enum constant, written as Java writes enums: an object with a `name` field. */
  enum: (className: string, name: string | null): JavaValue<{ name: string } | null> => ({
    $class: className,
    $: name === null ? null : { name }
  }),
  BigDecimal: (value: string | number | null): JavaValue<{ value: string } | null> => ({
    $class: "java.math.BigDecimal",
    $: value === null ? null : { value: String(value) }
  })
})

/**
 * Strips `{ $class, $ }` tags, turning a `withType` decode result into what a plain decode returns.
 * Shared and cyclic references keep their identity.
 */
export const unwrapJava = (value: unknown): unknown => unwrapIn(value, new Map())

const unwrapIn = (v: unknown, seen: Map<object, unknown>): unknown => {
  if (v === null || typeof v !== "object" || v instanceof Date || v instanceof Uint8Array) return v
  const done = seen.get(v)
  if (done !== undefined) return done
  if (isJavaValue(v)) {
    const inner = v.$
    if (inner === null || typeof inner !== "object") return inner
    const out = unwrapIn(inner, seen)
    seen.set(v, out)
    return out
  }
  if (Array.isArray(v)) {
    const out: Array<unknown> = []
    seen.set(v, out)
    for (const x of v) out.push(unwrapIn(x, seen))
    return out
  }
  if (v instanceof Map) {
    const out = new Map<unknown, unknown>()
    seen.set(v, out)
    for (const [k, x] of v) out.set(unwrapIn(k, seen), unwrapIn(x, seen))
    return out
  }
  const out: Record<string, unknown> = {}
  seen.set(v, out)
  for (const k of Object.keys(v)) {
    const x = unwrapIn((v as Record<string, unknown>)[k], seen)
    if (k === "__proto__") Object.defineProperty(out, k, { value: x, enumerable: true, writable: true, configurable: true })
    else out[k] = x
  }
  return out
}
