// Apache THeader (magic 0x0FFF; the `thrift` npm package): framing for raw forwarding, varint header fields, string headers.
import { TTHeaderError } from "./errors.ts"
import {
  i32, type Limits, resolveLimits, THEADER_MAGIC, TTHEADER_MAX_FRAME_SIZE, TTHEADER_META_SIZE, type TTHeaderLimits, u16, u32
} from "./layout.ts"
import { createStreamDecoder, type StreamDecoder } from "./stream.ts"
import { decodeUtf8 } from "./utf8.ts"

/** Apache THeader subprotocol ids (varint). */
export const THeaderProtocolId = { Binary: 0, Json: 1, Compact: 2 } as const

export interface THeaderFrame {
  /** Often 0 (Node and Python write 0 whatever the message seqid). */
  readonly seqId: number
  readonly flags: number
  readonly protocolId: number
  readonly transforms: ReadonlyArray<number>
  /** KEY_VALUE (info id 1) headers. */
  readonly headers: ReadonlyMap<string, string>
  /** The Thrift message (binary or compact per protocolId). A view, not a copy. */
  readonly payload: Uint8Array
}

export interface THeaderDecoded {
  readonly frame: THeaderFrame
  readonly raw: Uint8Array
}

/** Length (LENGTH + 4) of the THeader frame at `buf[start]`, 0 while fewer than 14 bytes are buffered. */
export const theaderFrameLength = (buf: Uint8Array, start: number, end: number, lim: Limits): number => {
  const n = end - start
  if (n >= 6 && u16(buf, start + 4) !== THEADER_MAGIC) {
    throw new TTHeaderError("BadMagic", `bytes 4..5 are 0x${u16(buf, start + 4).toString(16)}, want 0x0fff`)
  }
  if (n >= 4) {
    const length = u32(buf, start)
    if (length > TTHEADER_MAX_FRAME_SIZE) throw new TTHeaderError("BadLength", `LENGTH ${length} has its top bits set`)
    if (length + 4 > lim.maxFrameSize) throw new TTHeaderError("FrameTooLarge", `frame of ${length + 4} bytes exceeds ${lim.maxFrameSize}`)
  }
  if (n < TTHEADER_META_SIZE) return 0
  const total = u32(buf, start) + 4
  const headerBytes = u16(buf, start + 12) * 4
  if (headerBytes > lim.maxHeaderSize) throw new TTHeaderError("HeaderTooLarge", `header of ${headerBytes} bytes exceeds ${lim.maxHeaderSize}`)
  if (TTHEADER_META_SIZE + headerBytes > total) throw new TTHeaderError("BadHeaderSize", `header of ${headerBytes} bytes does not fit`)
  return total
}

/**
 * Decodes the header of the frame at `buf[start, start+total)`. Info id 1 is KEY_VALUE; id 0 or any
 * other id ends the info list (the rest of the header is padding or unknown and is skipped).
 */
export const decodeTHeaderAt = (buf: Uint8Array, start: number, total: number, lim: Limits): THeaderFrame => {
  const hend = start + TTHEADER_META_SIZE + u16(buf, start + 12) * 4
  let p = start + TTHEADER_META_SIZE
  const varint = (): number => {
    let v = 0
    for (let shift = 0; shift < 35; shift += 7) {
      if (p >= hend) throw new TTHeaderError("Truncated", "varint runs past the header end")
      const c = buf[p++]!
      v += (c & 0x7f) * 2 ** shift
      if (c < 0x80) return v
    }
    throw new TTHeaderError("BadVarint", "varint longer than 5 bytes")
  }
  const str = (): string => {
    const len = varint()
    if (p + len > hend) throw new TTHeaderError("Truncated", "header string runs past the header end")
    const s = decodeUtf8(buf, p, p + len)
    p += len
    return s
  }
  const protocolId = varint()
  const nt = varint()
  if (nt > hend - p) throw new TTHeaderError("Truncated", `${nt} transforms`)
  const transforms: Array<number> = []
  for (let i = 0; i < nt; i++) transforms.push(varint())
  const headers = new Map<string, string>()
  let entries = 0
  while (p < hend) {
    const id = varint()
    if (id !== 1) break
    const count = varint()
    entries += count
    if (entries > lim.maxInfoCount) throw new TTHeaderError("TooManyInfos", `more than ${lim.maxInfoCount} header entries`)
    for (let c = 0; c < count; c++) {
      const k = str()
      headers.set(k, str())
    }
  }
  return { seqId: i32(buf, start + 8), flags: u16(buf, start + 6), protocolId, transforms, headers, payload: buf.subarray(hend, start + total) }
}

/** Decodes exactly one THeader frame. */
export const decodeTHeader = (bytes: Uint8Array, limits?: TTHeaderLimits): THeaderFrame => {
  const lim = resolveLimits(limits)
  const total = theaderFrameLength(bytes, 0, bytes.length, lim)
  if (total === 0 || total > bytes.length) throw new TTHeaderError("Truncated", `have ${bytes.length} bytes`)
  if (total < bytes.length) throw new TTHeaderError("BadLength", `${bytes.length - total} bytes after the frame`)
  return decodeTHeaderAt(bytes, 0, total, lim)
}

export type THeaderDecoder = StreamDecoder<THeaderDecoded>

export const createTHeaderDecoder = (limits?: TTHeaderLimits): THeaderDecoder => {
  const lim = resolveLimits(limits)
  return createStreamDecoder({
    length: (buf, start, end) => theaderFrameLength(buf, start, end, lim),
    parse: (buf, start, total) => ({ frame: decodeTHeaderAt(buf, start, total, lim), raw: buf.subarray(start, start + total) })
  })
}
