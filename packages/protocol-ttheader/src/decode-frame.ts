// Whole-frame TTHeader decoding: frame length from the 14-byte meta, then header infos and payload.
import { TTHeaderError } from "./errors.ts"
import {
  InfoId, type Limits, resolveLimits, TTHEADER_MAGIC, TTHEADER_MAX_FRAME_SIZE, TTHEADER_META_SIZE,
  type TTHeaderLimits, u16, u32, i32
} from "./layout.ts"
import type { TTHeaderFrame } from "./types.ts"
import { decodeUtf8 } from "./utf8.ts"

const VALID_PROTOCOL_IDS = new Set([0x00, 0x02, 0x03, 0x04, 0x10, 0x11])

/**
 * Length of the TTHeader frame starting at `buf[start]` (LENGTH + 4), or 0 while fewer than 14 bytes
 * are available. Throws TTHeaderError for a bad magic, LENGTH or HEADER SIZE, or a frame over the limits.
 */
export const ttheaderFrameLength = (buf: Uint8Array, start: number, end: number, lim: Limits): number => {
  const n = end - start
  if (n >= 6 && u16(buf, start + 4) !== TTHEADER_MAGIC) {
    throw new TTHeaderError("BadMagic", `bytes 4..5 are 0x${u16(buf, start + 4).toString(16)}, want 0x1000`)
  }
  if (n >= 4) {
    const length = u32(buf, start)
    if (length > TTHEADER_MAX_FRAME_SIZE) throw new TTHeaderError("BadLength", `LENGTH ${length} has its top bits set`)
    if (length + 4 > lim.maxFrameSize) {
      throw new TTHeaderError("FrameTooLarge", `frame of ${length + 4} bytes exceeds ${lim.maxFrameSize}`)
    }
  }
  if (n < TTHEADER_META_SIZE) return 0
  const total = u32(buf, start) + 4
  const headerBytes = u16(buf, start + 12) * 4
  if (headerBytes < 4) throw new TTHeaderError("BadHeaderSize", "HEADER SIZE is 0")
  if (headerBytes > lim.maxHeaderSize) {
    throw new TTHeaderError("HeaderTooLarge", `header of ${headerBytes} bytes exceeds ${lim.maxHeaderSize}`)
  }
  if (TTHEADER_META_SIZE + headerBytes > total) {
    throw new TTHeaderError("BadHeaderSize", `header of ${headerBytes} bytes does not fit a frame of ${total}`)
  }
  return total
}

/** Decodes the frame at `buf[start, start+total)` (total from ttheaderFrameLength). */
export const decodeFrameAt = (buf: Uint8Array, start: number, total: number, lim: Limits): TTHeaderFrame => {
  const hend = start + TTHEADER_META_SIZE + u16(buf, start + 12) * 4
  let p = start + TTHEADER_META_SIZE
  const need = (k: number, what: string): void => {
    if (p + k > hend) throw new TTHeaderError("Truncated", `${what} runs past the header end`)
  }
  const protocolId = buf[p++]!
  if (!VALID_PROTOCOL_IDS.has(protocolId)) {
    throw new TTHeaderError("BadProtocolId", `protocol id 0x${protocolId.toString(16)}`)
  }
  const nt = buf[p++]!
  need(nt, "transform ids")
  const transforms: Array<number> = []
  for (let i = 0; i < nt; i++) transforms.push(buf[p++]!)
  const intInfo = new Map<number, string>()
  const strInfo = new Map<string, string>()
  let token: string | undefined
  let entries = 0
  const str = (what: string): string => {
    need(2, what)
    const len = u16(buf, p)
    p += 2
    need(len, what)
    const s = decodeUtf8(buf, p, p + len)
    p += len
    return s
  }
  const count = (): number => {
    need(2, "info count")
    const c = u16(buf, p)
    p += 2
    entries += c
    if (entries > lim.maxInfoCount) throw new TTHeaderError("TooManyInfos", `more than ${lim.maxInfoCount} header entries`)
    return c
  }
  while (p < hend) {
    const id = buf[p++]!
    if (id === InfoId.Padding) continue
    if (id === InfoId.KeyValue) {
      for (let c = count(); c > 0; c--) {
        const k = str("string key")
        strInfo.set(k, str("string value"))
      }
    } else if (id === InfoId.IntKeyValue) {
      for (let c = count(); c > 0; c--) {
        need(2, "int key")
        const k = u16(buf, p)
        p += 2
        intInfo.set(k, str("int value"))
      }
    } else if (id === InfoId.AclToken) {
      token = str("ACL token")
    } else {
      throw new TTHeaderError("BadInfoId", `invalid infoIDType 0x${id.toString(16)}`)
    }
  }
  return {
    seqId: i32(buf, start + 8),
    flags: u16(buf, start + 6),
    protocolId,
    transforms,
    intInfo,
    strInfo,
    token,
    payload: buf.subarray(hend, start + total)
  }
}

/** Decodes exactly one whole frame; throws TTHeaderError when `bytes` is not exactly one valid frame. */
export const decodeFrame = (bytes: Uint8Array, limits?: TTHeaderLimits): TTHeaderFrame => {
  const lim = resolveLimits(limits)
  const total = ttheaderFrameLength(bytes, 0, bytes.length, lim)
  if (total === 0 || total > bytes.length) {
    throw new TTHeaderError("Truncated", `have ${bytes.length} bytes, frame needs ${total === 0 ? TTHEADER_META_SIZE : total}`)
  }
  if (total < bytes.length) throw new TTHeaderError("BadLength", `${bytes.length - total} bytes after the frame`)
  return decodeFrameAt(bytes, 0, total, lim)
}
