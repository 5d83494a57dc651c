// Reads chunked Hessian strings and binaries (final `R`/`S`, `A`/`B`; draft `s`/`S`, `b`/`B`; compact forms).
import { DRAFT } from "./dialect.ts"
import type { HessianReader } from "./reader.ts"
import { readUtf8 } from "./utf8-decode.ts"

/** Reads a string whose first tag was just consumed. */
export const readStringTag = (r: HessianReader, first: number): string => {
  let tag = first
  let out = ""
  let total = 0
  for (;;) {
    let len: number
    let last = true
    if (tag < 0x20) len = tag
    else if (tag >= 0x30 && tag <= 0x33) len = ((tag - 0x30) << 8) | r.u8()
    else if (tag === 0x53) len = r.u16()
    else if (tag === (r.mode === DRAFT ? 0x73 : 0x52)) {
      len = r.u16()
      last = false
    } else throw r.fail("InvalidTag", `expected a string chunk, got 0x${tag.toString(16)}`, r.pos - 1)
    total += len
    if (total > r.limits.maxStringLength) throw r.fail("LimitExceeded", `string of ${total}+ units exceeds maxStringLength`)
    r.charge(len * 2)
    if (len > r.end - r.pos) throw r.truncated()
    const s = readUtf8(r, len)
    if (last) return out === "" ? s : out + s
    out += s
    tag = r.u8()
  }
}

/** Reads a value that must be a string (class names, field names, final type names). */
export const readStringValue = (r: HessianReader): string => {
  const tag = r.u8()
  if (tag < 0x20 || (tag >= 0x30 && tag <= 0x33) || tag === 0x53 || tag === (r.mode === DRAFT ? 0x73 : 0x52)) {
    return readStringTag(r, tag)
  }
  throw r.fail("InvalidTag", `expected a string, got 0x${tag.toString(16)}`, r.pos - 1)
}

/** Reads a binary whose first tag was just consumed; the result is a copy. */
export const readBinaryTag = (r: HessianReader, first: number): Uint8Array => {
  let tag = first
  let chunks: Array<Uint8Array> | undefined
  let total = 0
  for (;;) {
    let len: number
    let last = true
    if (tag >= 0x20 && tag <= 0x2f) len = tag - 0x20
    else if (tag >= 0x34 && tag <= 0x37) len = ((tag - 0x34) << 8) | r.u8()
    else if (tag === 0x42) len = r.u16()
    else if (tag === (r.mode === DRAFT ? 0x62 : 0x41)) {
      len = r.u16()
      last = false
    } else throw r.fail("InvalidTag", `expected a binary chunk, got 0x${tag.toString(16)}`, r.pos - 1)
    total += len
    if (total > r.limits.maxBinaryLength) throw r.fail("LimitExceeded", `binary of ${total}+ bytes exceeds maxBinaryLength`)
    if (len > r.end - r.pos) throw r.truncated()
    r.charge(len)
    const start = r.pos
    r.pos = start + len
    if (last && chunks === undefined) return r.buf.slice(start, start + len)
    const part = r.buf.subarray(start, start + len)
    if (chunks === undefined) chunks = [part]
    else chunks.push(part)
    if (last) break
    tag = r.u8()
  }
  const out = new Uint8Array(total)
  let off = 0
  for (const c of chunks) {
    out.set(c, off)
    off += c.length
  }
  return out
}
