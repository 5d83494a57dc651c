// Apache THeader encoder (magic 0x0FFF): varint protocol id and transforms, one KEY_VALUE block of string headers, padding, payload.
import { TTHeaderError } from "./errors.ts"
import { startFrame, THEADER_MAGIC, TTHEADER_META_SIZE } from "./layout.ts"
import type { InfoInput } from "./types.ts"
import { encodeUtf8 } from "./utf8.ts"

export interface THeaderFrameInit {
  readonly seqId: number
  readonly flags?: number
  /** THeaderProtocolId: 0 binary (default), 2 compact. */
  readonly protocolId?: number
  readonly transforms?: ReadonlyArray<number>
  /** KEY_VALUE headers (info id 1); none: no info block. */
  readonly headers?: InfoInput<string>
  /** The Thrift message. */
  readonly payload: Uint8Array
}

const varintSize = (v: number): number => {
  let n = 1
  while (v >= 0x80) {
    v = Math.floor(v / 128)
    n++
  }
  return n
}

const checkU32 = (v: number, what: string): void => {
  if (!Number.isInteger(v) || v < 0 || v > 0xffffffff) throw new TTHeaderError("BadVarint", `${what} ${v} is not a u32`)
}

/** Encodes one Apache THeader frame (what decodeTHeader reads back). */
export const encodeTHeader = (init: THeaderFrameInit): Uint8Array => {
  const transforms = init.transforms ?? []
  const protocolId = init.protocolId ?? 0
  checkU32(protocolId, "protocol id")
  for (const t of transforms) checkU32(t, "transform id")
  const h = init.headers
  const entries: Array<Uint8Array> = []
  if (h !== undefined) {
    for (const [k, v] of h instanceof Map ? (h as ReadonlyMap<string, string>) : Object.entries(h)) entries.push(encodeUtf8(k), encodeUtf8(v as string))
  }
  let info = varintSize(protocolId) + varintSize(transforms.length)
  for (const t of transforms) info += varintSize(t)
  if (entries.length > 0) {
    info += 1 + varintSize(entries.length / 2)
    for (const e of entries) info += varintSize(e.length) + e.length
  }
  const { out, padded } = startFrame(THEADER_MAGIC, init.flags ?? 0, init.seqId, info, init.payload.length)
  let p = TTHEADER_META_SIZE
  const varint = (v: number): void => {
    while (v >= 0x80) {
      out[p++] = (v & 0x7f) | 0x80
      v = Math.floor(v / 128)
    }
    out[p++] = v
  }
  varint(protocolId)
  varint(transforms.length)
  for (const t of transforms) varint(t)
  if (entries.length > 0) {
    out[p++] = 1 // KEY_VALUE
    varint(entries.length / 2)
    for (const e of entries) {
      varint(e.length)
      out.set(e, p)
      p += e.length
    }
  }
  out.set(init.payload, TTHEADER_META_SIZE + padded)
  return out
}
