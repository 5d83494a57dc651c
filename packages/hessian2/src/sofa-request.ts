// SofaRequest bodies as sofa-rpc-node writes them: the request object, then each argument, in one Hessian stream.
import type { Dialect } from "./dialect.ts"
import { HessianError } from "./hessian-error.ts"
import { isJavaValue, unwrapJava } from "./java.ts"
import { HessianReader, type ReaderOptions } from "./reader.ts"
import { HessianWriter } from "./writer.ts"

export const SOFA_REQUEST_CLASS = "com.alipay.sofa.rpc.core.request.SofaRequest"

export interface SofaRequest {
  /** `interface:version`, e.g. `com.example.EchoService:1.0`. */
  readonly targetServiceUniqueName: string
  readonly methodName: string
  /** Java types of the arguments; derived from `args` (as sofa-rpc-node does) when omitted. */
  readonly argSigs?: ReadonlyArray<string>
  readonly args: ReadonlyArray<unknown>
  /** Default `{ service: targetServiceUniqueName }` as sofa-rpc-node sends; `null` writes null. */
  readonly requestProps?: Record<string, unknown> | Map<string, unknown> | null
  readonly targetAppName?: string | null
}

export interface DecodedSofaRequest {
  readonly targetServiceUniqueName: string
  readonly methodName: string
  readonly argSigs: Array<string>
  readonly args: Array<unknown>
  readonly requestProps: Record<string, unknown> | null
  readonly targetAppName: string | null
}

export interface SofaEncodeOptions {
  /** Default `"draft"`: sofa-rpc-node's default (hessian '3.0'); `"2.0"` is its `setHessianVersion('4.0')`. */
  readonly dialect?: Dialect
}

const arrayCodes: Record<string, string> = {
  short: "S", int: "I", boolean: "Z", double: "D", long: "J", float: "F", byte: "B",
  string: "Ljava.lang.String;", object: "Ljava.lang.Object;"
}

/** The argument signature sofa-rpc-node derives from a JS value. */
export const sofaArgSig = (v: unknown): string => {
  if (v === null || v === undefined || (typeof v === "number" && Number.isNaN(v))) return "null"
  if (isJavaValue(v)) {
    const type = v.$class
    if (!type.startsWith("[")) return type
    let i = 0
    while (type[i] === "[") i++
    const item = type.slice(i)
    return type.slice(0, i) + (arrayCodes[item] ?? "L" + item + ";")
  }
  switch (typeof v) {
    case "boolean": return "boolean"
    case "string": return "java.lang.String"
    case "number":
      if (!Number.isInteger(v)) return "double"
      return v >= -0x80000000 && v <= 0x7fffffff ? "int" : "long"
    case "bigint": return "long"
  }
  if (v instanceof Date) return "java.util.Date"
  if (v instanceof Uint8Array) return "[B"
  if (Array.isArray(v)) return "java.util.ArrayList"
  if (v instanceof Error) return "java.lang.RuntimeException"
  return "java.util.HashMap"
}

/** Encodes the Bolt content of a SOFA request: the SofaRequest object followed by the arguments. */
export const encodeSofaRequest = (req: SofaRequest, options?: SofaEncodeOptions): Uint8Array => {
  const w = new HessianWriter({ dialect: options?.dialect ?? "draft" })
  const argSigs = req.argSigs ?? req.args.map(sofaArgSig)
  w.write({
    $class: SOFA_REQUEST_CLASS,
    $: {
      methodName: req.methodName,
      methodArgSigs: { $class: "[java.lang.String", $: argSigs },
      targetServiceUniqueName: req.targetServiceUniqueName,
      targetAppName: req.targetAppName ?? null,
      requestProps: req.requestProps === undefined ? { service: req.targetServiceUniqueName } : req.requestProps
    }
  })
  for (const a of req.args) w.write(a)
  return w.finish()
}

const str = (v: unknown, field: string): string => {
  if (typeof v !== "string") throw new HessianError("UnexpectedType", `SofaRequest.${field} is not a string`)
  return v
}

/** Decodes the Bolt content of a SOFA request (either dialect); `withType` applies to the arguments. */
export const decodeSofaRequest = (bytes: Uint8Array, options?: ReaderOptions): DecodedSofaRequest => {
  const r = new HessianReader(bytes, options)
  const head = r.read(true)
  if (!isJavaValue(head) || head.$class !== SOFA_REQUEST_CLASS || head.$ === null || typeof head.$ !== "object") {
    throw new HessianError("UnexpectedType", "content is not a " + SOFA_REQUEST_CLASS, 0)
  }
  const f = head.$ as Record<string, unknown>
  const sigs = unwrapJava(f.methodArgSigs) ?? []
  if (!Array.isArray(sigs)) throw new HessianError("UnexpectedType", "SofaRequest.methodArgSigs is not a list")
  const argSigs = sigs.map((s, i) => str(s, `methodArgSigs[${i}]`))
  const args: Array<unknown> = []
  for (let i = 0; i < argSigs.length; i++) args.push(r.read())
  const props = unwrapJava(f.requestProps) ?? null
  const app = f.targetAppName ?? null
  return {
    targetServiceUniqueName: str(f.targetServiceUniqueName, "targetServiceUniqueName"),
    methodName: str(f.methodName, "methodName"),
    argSigs,
    args,
    requestProps: props as Record<string, unknown> | null,
    targetAppName: app === null ? null : str(app, "targetAppName")
  }
}
