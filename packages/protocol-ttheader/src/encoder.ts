// TTHeader encoder: meta, transforms, then infos in Kitex's order (ACL token, KEYVALUE, INTKEYVALUE), padding, payload.
import { TTHeaderError } from "./errors.ts"
import { InfoId, putU16, startFrame, TTHEADER_MAGIC, TTHEADER_META_SIZE } from "./layout.ts"
import type { InfoInput, TTHeaderFrameInit } from "./types.ts"
import { encodeUtf8 } from "./utf8.ts"

const strEntries = (info: InfoInput<string> | undefined): Array<[string, string]> =>
  info === undefined ? [] : info instanceof Map ? [...(info as ReadonlyMap<string, string>)] : Object.entries(info)

/** Record keys are strings at run time: a non-numeric one becomes NaN and is rejected below. */
const intEntries = (info: InfoInput<number> | undefined): Array<[number, string]> =>
  info === undefined ? [] : info instanceof Map ? [...(info as ReadonlyMap<number, string>)]
    : Object.entries(info).map(([k, v]) => [Number(k), v as string])

const checked = (s: string, what: string): Uint8Array => {
  const b = encodeUtf8(s)
  if (b.length > 0xffff) throw new TTHeaderError("StringTooLong", `${what} is ${b.length} bytes, at most 65535`)
  return b
}

/** Encodes one TTHeader frame. Empty info maps and an absent token are not written (the smallest header is 1 word). */
export const encodeFrame = (init: TTHeaderFrameInit): Uint8Array => {
  const transforms = init.transforms ?? []
  const token = init.token === undefined || init.token === "" ? undefined : checked(init.token, "ACL token")
  const strs = strEntries(init.strInfo).map(([k, v]) => [checked(k, "string key"), checked(v, `value of ${k}`)] as const)
  const ints = intEntries(init.intInfo).map(([k, v]) => {
    if (!Number.isInteger(k) || k < 0 || k > 0xffff) throw new TTHeaderError("BadInfoId", `int key ${k} is not a u16`)
    return [k, checked(v, `value of int key ${k}`)] as const
  })
  if (strs.length > 0xffff || ints.length > 0xffff) throw new TTHeaderError("TooManyInfos", "more than 65535 entries in a block")
  if (transforms.length > 0xff) throw new TTHeaderError("BadHeaderSize", "more than 255 transforms")
  let info = 2 + transforms.length
  if (token !== undefined) info += 3 + token.length
  if (strs.length > 0) info += 3 + strs.reduce((n, [k, v]) => n + 4 + k.length + v.length, 0)
  if (ints.length > 0) info += 3 + ints.reduce((n, [, v]) => n + 4 + v.length, 0)
  const { out, padded } = startFrame(TTHEADER_MAGIC, init.flags ?? 0, init.seqId, info, init.payload.length)
  let p = TTHEADER_META_SIZE
  out[p++] = init.protocolId ?? 0
  out[p++] = transforms.length
  for (const t of transforms) out[p++] = t
  const str = (b: Uint8Array): void => {
    putU16(out, p, b.length)
    out.set(b, p + 2)
    p += 2 + b.length
  }
  if (token !== undefined) {
    out[p++] = InfoId.AclToken
    str(token)
  }
  if (strs.length > 0) {
    out[p++] = InfoId.KeyValue
    putU16(out, p, strs.length)
    p += 2
    for (const [k, v] of strs) {
      str(k)
      str(v)
    }
  }
  if (ints.length > 0) {
    out[p++] = InfoId.IntKeyValue
    putU16(out, p, ints.length)
    p += 2
    for (const [k, v] of ints) {
      putU16(out, p, k)
      p += 2
      str(v)
    }
  }
  out.set(init.payload, TTHEADER_META_SIZE + padded)
  return out
}
