// Kitex's default codec framing, per message: TTHeader, Apache THeader, framed or unframed Thrift, Kitex protobuf.
import { bufferedFraming } from "./buffered-thrift.ts"
import { decodeFrameAt, ttheaderFrameLength } from "./decode-frame.ts"
import { TTHeaderError } from "./errors.ts"
import { framedThriftLength } from "./framed-thrift.ts"
import { resolveLimits, type TTHeaderLimits, u16 } from "./layout.ts"
import { createStreamDecoder, type StreamDecoder } from "./stream.ts"
import { decodeTHeaderAt, type THeaderFrame, theaderFrameLength } from "./theader.ts"
import { payloadMessage, type ThriftMessageHead } from "./thrift-message.ts"
import type { TTHeaderFrame } from "./types.ts"

export type KitexDecoded =
  | { readonly kind: "ttheader"; readonly frame: TTHeaderFrame; readonly raw: Uint8Array }
  | { readonly kind: "theader"; readonly frame: THeaderFrame; readonly raw: Uint8Array }
  /** 4-byte length + Thrift binary or compact message, or a Kitex protobuf message. */
  | { readonly kind: "framed"; readonly message: ThriftMessageHead | undefined; readonly raw: Uint8Array }
  /** One unframed binary strict message. */
  | { readonly kind: "buffered"; readonly message: ThriftMessageHead; readonly raw: Uint8Array }

type Kind = KitexDecoded["kind"]

/** Which framing the bytes at `start` use: 0x8001 at 0..1, else bytes 4..5 (undefined = need more). */
const sniff = (buf: Uint8Array, start: number, end: number): Kind | undefined => {
  const n = end - start
  if (n < 2) return undefined
  if (u16(buf, start) === 0x8001) return "buffered"
  if (n < 6) return undefined
  const m = u16(buf, start + 4)
  if (m === 0x1000) return "ttheader"
  if (m === 0x0fff) return "theader"
  if (m === 0x8001 || m === 0x9001 || (buf[start + 4] === 0x82 && (buf[start + 5]! & 0x1f) === 1)) return "framed"
  throw new TTHeaderError("BadPayload", `invalid payload (first6Bytes=${Array.from(buf.subarray(start, start + 6), (x) => x.toString(16).padStart(2, "0")).join("")})`)
}

export type KitexDecoder = StreamDecoder<KitexDecoded>

/**
 * Sniffs every message independently, as Kitex's default codec does, so one connection may mix framings.
 * (Kitex itself does not accept Apache THeader; it is recognised here so a proxy can forward it raw.)
 */
export const createKitexDecoder = (limits?: TTHeaderLimits): KitexDecoder => {
  const lim = resolveLimits(limits)
  const buffered = bufferedFraming(lim)
  let kind: Kind | undefined
  return createStreamDecoder<KitexDecoded>({
    length: (buf, start, end) => {
      kind = sniff(buf, start, end)
      switch (kind) {
        case undefined: return 0
        case "ttheader": return ttheaderFrameLength(buf, start, end, lim)
        case "theader": return theaderFrameLength(buf, start, end, lim)
        case "framed": return framedThriftLength(buf, start, end, lim)
        case "buffered": return buffered.length(buf, start, end)
      }
    },
    parse: (buf, start, total) => {
      const raw = buf.subarray(start, start + total)
      switch (kind!) {
        case "ttheader": return { kind: "ttheader", frame: decodeFrameAt(buf, start, total, lim), raw }
        case "theader": return { kind: "theader", frame: decodeTHeaderAt(buf, start, total, lim), raw }
        case "framed": return { kind: "framed", message: payloadMessage(raw.subarray(4)), raw }
        case "buffered": return { kind: "buffered", ...buffered.parse(buf, start, total) }
      }
    },
    reset: () => {
      kind = undefined
      buffered.reset()
    }
  })
}
