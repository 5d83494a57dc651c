// Generic invoke over JSON, shared by the Bolt and Dubbo channels: parse the call, type the args, write results.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"

/** A Java-typed JSON value: `{ "$class": "long", "$": "9007199254740993" }` (the hessian.js convention). */
export interface TypedJson {
  readonly $class: string
  readonly $: unknown
}

export interface GenericInvoke {
  /** Java method name: the body's `method`, else the request's method. */
  readonly method: string
  /** Declared Java types, one per argument; absent means inferred from the values. */
  readonly argTypes: ReadonlyArray<string> | undefined
  /** Arguments ready for the Hessian writer (plain values, or `{ $class, $ }` typed ones). */
  readonly args: ReadonlyArray<unknown>
  /** The whole body, for protocol-specific fields (version, group, attachments, requestProps...). */
  readonly body: Readonly<Record<string, unknown>>
}

/** True for `application/json` (any case, parameters ignored). */
export const isJsonContentType = (contentType: string): boolean =>
  contentType.split(";")[0]!.trim().toLowerCase() === "application/json"

export const isTypedJson = (v: unknown): v is TypedJson =>
  typeof v === "object" && v !== null && !Array.isArray(v) && typeof (v as { $class?: unknown }).$class === "string" && "$" in v

const bad = (what: string) => RpcError.of(Code.INVALID_ARGUMENT, `generic invoke: ${what}`)

/**
 * Parses `data` as `{ method?, argTypes?, args?, ... }` or a bare array of args. Plain args with a
 * declared type are tagged with it, so `argTypes: ["long"], args: ["9007199254740993"]` writes a long.
 */
export const parseGenericInvoke = (data: Uint8Array, defaultMethod: string): GenericInvoke => {
  let json: unknown
  try {
    json = data.length === 0 ? {} : JSON.parse(new TextDecoder().decode(data))
  } catch (e) {
    throw bad(`data is not JSON: ${(e as Error).message}`)
  }
  const body = (Array.isArray(json) ? { args: json } : json) as Record<string, unknown>
  if (typeof body !== "object" || body === null) throw bad("data must be a JSON object or an array of arguments")
  const method = body.method ?? defaultMethod
  if (typeof method !== "string" || method === "") throw bad("`method` must be a non-empty string (or set the request's method)")
  const args = body.args ?? []
  if (!Array.isArray(args)) throw bad("`args` must be an array")
  const argTypes = body.argTypes
  if (argTypes !== undefined) {
    if (!Array.isArray(argTypes) || !argTypes.every((t) => typeof t === "string" && t !== "")) throw bad("`argTypes` must be an array of Java type names")
    if (argTypes.length !== args.length) throw bad(`${argTypes.length} argTypes for ${args.length} args`)
  }
  const types = argTypes as Array<string> | undefined
  return {
    method,
    argTypes: types,
    args: types === undefined ? args : args.map((a, i) => isTypedJson(a) || a === null ? a : { $class: hessianType(types[i]!), $: a }),
    body
  }
}

const primitiveByCode: Record<string, string> = { Z: "boolean", B: "byte", C: "char", D: "double", F: "float", I: "int", J: "long", S: "short" }

/**
 * The Hessian type name for a Java type written any common way: `int[]`, `[I` and `[int` are `[int`;
 * `java.lang.String[]` and `[Ljava.lang.String;` are `[java.lang.String`; other names are kept.
 */
export const hessianType = (javaType: string): string => {
  const t = javaType.trim()
  if (t.endsWith("[]")) return "[" + hessianType(t.slice(0, -2))
  if (t.startsWith("[L") && t.endsWith(";")) return "[" + t.slice(2, -1)
  if (t.length === 2 && t[0] === "[" && primitiveByCode[t[1]!] !== undefined) return "[" + primitiveByCode[t[1]!]
  if (t.startsWith("[[")) return "[" + hessianType(t.slice(1))
  return t
}

const encoder = new TextEncoder()

/**
 * A decoded Hessian value as JSON bytes: longs beyond 2^53 as strings, maps as objects, dates as ISO
 * strings, binary as base64. A cyclic value is INTERNAL.
 */
export const javaToJson = (value: unknown): Uint8Array => {
  try {
    return encoder.encode(JSON.stringify(value ?? null, replacer))
  } catch (e) {
    throw RpcError.of(Code.INTERNAL, `result cannot be written as JSON: ${(e as Error).message}`)
  }
}

function replacer(this: unknown, _key: string, v: unknown): unknown {
  if (typeof v === "bigint") return v.toString()
  if (v instanceof Map) {
    const out: Record<string, unknown> = {}
    for (const [k, x] of v) out[typeof k === "string" ? k : JSON.stringify(k, replacer)] = x
    return out
  }
  if (v instanceof Set) return [...v]
  if (v instanceof Uint8Array) return toBase64(v)
  return v
}

const toBase64 = (b: Uint8Array): string => {
  let s = ""
  for (let i = 0; i < b.length; i += 0x8000) s += String.fromCharCode(...b.subarray(i, i + 0x8000))
  return btoa(s)
}
