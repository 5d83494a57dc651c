// Dubbo 2 response bodies (status OK): an int flag, then the value or exception, then attachments (flags 3-5).
import { HessianError } from "./hessian-error.ts"
import { HessianReader, type ReaderOptions } from "./reader.ts"
import { HessianWriter } from "./writer.ts"

/** 0 exception, 1 value, 2 null; 3/4/5 the same followed by an attachments map. */
export const DubboResponseFlag = {
  Exception: 0,
  Value: 1,
  Null: 2,
  ExceptionWithAttachments: 3,
  ValueWithAttachments: 4,
  NullWithAttachments: 5
} as const
export type DubboResponseFlag = (typeof DubboResponseFlag)[keyof typeof DubboResponseFlag]

export interface DubboResponseBody {
  /** Inferred when omitted: exception → 0, null/undefined value → 2, else 1; +3 with attachments. */
  readonly flag?: DubboResponseFlag
  readonly value?: unknown
  readonly exception?: unknown
  readonly attachments?: Record<string, unknown> | Map<string, unknown> | null
}

export interface DecodedDubboResponseBody {
  readonly flag: DubboResponseFlag
  readonly value?: unknown
  readonly exception?: unknown
  readonly attachments?: Record<string, unknown>
}

const inferFlag = (b: DubboResponseBody): DubboResponseFlag => {
  const base = b.exception !== undefined ? 0 : b.value === undefined || b.value === null ? 2 : 1
  return (b.attachments !== undefined && b.attachments !== null ? base + 3 : base) as DubboResponseFlag
}

/** Encodes a Dubbo response body (Hessian 2.0 final). */
export const encodeDubboResponseBody = (body: DubboResponseBody): Uint8Array => {
  const flag = body.flag ?? inferFlag(body)
  const w = new HessianWriter({ dialect: "2.0" })
  w.write(flag)
  if (flag === 0 || flag === 3) w.write(body.exception)
  else if (flag === 1 || flag === 4) w.write(body.value)
  if (flag >= 3) w.write(body.attachments ?? {})
  return w.finish()
}

/** Decodes a Dubbo response body; a trailing null (dubbo-go appends one) is ignored. */
export const decodeDubboResponseBody = (bytes: Uint8Array, options?: ReaderOptions): DecodedDubboResponseBody => {
  const r = new HessianReader(bytes, { dialect: "2.0", ...options })
  const flag = r.read(false)
  if (typeof flag !== "number" || !Number.isInteger(flag) || flag < 0 || flag > 5) {
    throw new HessianError("UnexpectedType", `Dubbo response flag ${String(flag)} is not 0-5`, 0)
  }
  const f = flag as DubboResponseFlag
  let value: unknown
  let exception: unknown
  if (f === 0 || f === 3) exception = r.read()
  else if (f === 1 || f === 4) value = r.read()
  if (f < 3) return f === 0 ? { flag: f, exception } : f === 1 ? { flag: f, value } : { flag: f }
  const a = r.read(false)
  if (a !== null && (typeof a !== "object" || Array.isArray(a))) throw new HessianError("UnexpectedType", "Dubbo attachments are not a map")
  const attachments = (a ?? {}) as Record<string, unknown>
  return f === 3 ? { flag: f, exception, attachments } : f === 4 ? { flag: f, value, attachments } : { flag: f, attachments }
}
