// Java type names that give a `{ $class, $ }` value its Hessian encoding (the hessian.js / js-to-java convention).

export const KIND_OBJECT = 0
export const KIND_BOOL = 1
export const KIND_INT = 2
export const KIND_LONG = 3
export const KIND_DOUBLE = 4
export const KIND_STRING = 5
export const KIND_DATE = 6
export const KIND_BINARY = 7
/** `java.lang.Object`: write `$` by its own JS type. */
export const KIND_ANY = 8
/** `java.util.HashMap` / `java.util.Map`: written as an untyped map, as Java does for HashMap. */
export const KIND_UNTYPED_MAP = 9
/** Other `java.util` maps: written as a typed map. */
export const KIND_MAP = 10
/** `java.util.ArrayList`: written as an untyped list, as Java does for ArrayList. */
export const KIND_UNTYPED_LIST = 11

const kinds = new Map<string, number>()
const add = (kind: number, names: ReadonlyArray<string>): void => {
  for (const n of names) kinds.set(n, kind)
}
add(KIND_BOOL, ["boolean", "java.lang.Boolean", "bool"])
add(KIND_INT, ["int", "java.lang.Integer", "short", "java.lang.Short", "byte", "java.lang.Byte"])
add(KIND_LONG, ["long", "java.lang.Long"])
add(KIND_DOUBLE, ["double", "java.lang.Double", "float", "java.lang.Float"])
add(KIND_STRING, ["java.lang.String", "String", "string", "char", "char[]", "java.lang.Character"])
add(KIND_DATE, ["java.util.Date"])
add(KIND_BINARY, ["[B", "byte[]", "[byte"])
add(KIND_ANY, ["java.lang.Object"])
add(KIND_UNTYPED_MAP, ["java.util.HashMap", "java.util.Map"])
add(KIND_MAP, [
  "java.util.LinkedHashMap",
  "java.util.TreeMap",
  "java.util.SortedMap",
  "java.util.NavigableMap",
  "java.util.Hashtable",
  "java.util.Properties",
  "java.util.IdentityHashMap",
  "java.util.WeakHashMap",
  "java.util.concurrent.ConcurrentHashMap",
  "java.util.concurrent.ConcurrentMap",
  "java.util.concurrent.ConcurrentSkipListMap",
  "com.alibaba.fastjson.JSONObject"
])
add(KIND_UNTYPED_LIST, ["java.util.ArrayList"])

/** The encoding kind of a Java type name (KIND_OBJECT when it has no special meaning). */
export const javaKind = (className: string): number => {
  if (className === memoName0) return memoKind0
  if (className === memoName1) return memoKind1
  const k = kinds.get(className) ?? KIND_OBJECT
  memoName1 = memoName0
  memoKind1 = memoKind0
  memoName0 = className
  memoKind0 = k
  return k
}
// the last two names looked up (a list of beans with `double` fields alternates between two)
let memoName0 = ""
let memoKind0 = KIND_OBJECT
let memoName1 = ""
let memoKind1 = KIND_OBJECT

/** True for the Java map types the codec knows. */
export const isMapType = (className: string): boolean => {
  const k = kinds.get(className)
  return k === KIND_MAP || k === KIND_UNTYPED_MAP
}
