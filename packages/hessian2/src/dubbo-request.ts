// Dubbo 2 request bodies: version, path, service version, method, descriptor, arguments, attachments.
import { HessianError } from "./hessian-error.ts"
import { isJavaValue } from "./java.ts"
import { javaDescriptor, parseJavaDescriptor } from "./jvm-descriptor.ts"
import { HessianReader, type ReaderOptions } from "./reader.ts"
import { HessianWriter } from "./writer.ts"

export interface DubboRequestBody {
  /** Dubbo protocol version, e.g. `"2.0.2"`. */
  readonly dubboVersion: string
  /** Service path (interface name). */
  readonly path: string
  /** Service version; null writes null. */
  readonly version: string | null
  readonly method: string
  /** JVM parameter descriptor; derived from `argTypes`, else from `args`, when omitted. */
  readonly descriptor?: string
  readonly argTypes?: ReadonlyArray<string>
  readonly args: ReadonlyArray<unknown>
  /** Written in key order (dubbo2.js sorts them); default empty map. */
  readonly attachments?: Record<string, unknown> | Map<string, unknown> | null
}

export interface DecodedDubboRequestBody {
  readonly dubboVersion: string
  readonly path: string
  readonly version: string | null
  readonly method: string
  readonly descriptor: string
  readonly argTypes: Array<string>
  readonly args: Array<unknown>
  readonly attachments: Record<string, unknown>
}

/** The Java type a JS value is sent as when no descriptor is given. */
export const dubboArgType = (v: unknown): string => {
  if (isJavaValue(v)) return v.$class
  switch (typeof v) {
    case "string": return "java.lang.String"
    case "boolean": return "boolean"
    case "bigint": return "long"
    case "number":
      if (!Number.isInteger(v)) return "double"
      return v >= -0x80000000 && v <= 0x7fffffff ? "int" : "long"
  }
  if (v instanceof Date) return "java.util.Date"
  if (v instanceof Uint8Array) return "[B"
  if (Array.isArray(v)) return "java.util.List"
  if (v !== null && typeof v === "object") return "java.util.Map"
  return "java.lang.Object"
}

export interface DubboEncodeOptions {
  /** Dubbox: an int `-1` after the method name. */
  readonly dubbox?: boolean
}

/** Encodes a Dubbo request body (Hessian 2.0 final). */
export const encodeDubboRequestBody = (body: DubboRequestBody, options?: DubboEncodeOptions): Uint8Array => {
  const w = new HessianWriter({ dialect: "2.0" })
  w.write(body.dubboVersion).write(body.path).write(body.version).write(body.method)
  if (options?.dubbox === true) w.write(-1)
  w.write(body.descriptor ?? javaDescriptor(body.argTypes ?? body.args.map(dubboArgType)))
  for (const a of body.args) w.write(a)
  w.write(body.attachments ?? {})
  return w.finish()
}

const expect = (v: unknown, what: string, nullable = false): string => {
  if (typeof v === "string" || (nullable && v === null)) return v as string
  throw new HessianError("UnexpectedType", `Dubbo request ${what} is not a string`)
}

/** Decodes a Dubbo request body; the argument count comes from the descriptor. */
export const decodeDubboRequestBody = (bytes: Uint8Array, options?: ReaderOptions): DecodedDubboRequestBody => {
  const r = new HessianReader(bytes, { dialect: "2.0", ...options })
  const dubboVersion = expect(r.read(), "dubbo version")
  const path = expect(r.read(), "path")
  const version = expect(r.read(), "version", true)
  const method = expect(r.read(), "method")
  let d = r.read()
  if (typeof d === "number") d = r.read() // Dubbox marker
  const descriptor = d === null ? "" : expect(d, "descriptor")
  const argTypes = parseJavaDescriptor(descriptor)
  const args: Array<unknown> = []
  for (let i = 0; i < argTypes.length; i++) args.push(r.read())
  let attachments: Record<string, unknown> = {}
  if (!r.done) {
    const a = r.read(false)
    if (a !== null) {
      if (typeof a !== "object" || Array.isArray(a)) throw new HessianError("UnexpectedType", "Dubbo attachments are not a map")
      attachments = a as Record<string, unknown>
    }
  }
  return { dubboVersion, path, version, method, descriptor, argTypes, args, attachments }
}
