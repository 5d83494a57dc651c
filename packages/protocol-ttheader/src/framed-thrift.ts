// Plain framed Thrift (TFramedTransport): 4-byte length + one message; a whole-frame and a streaming decoder.
import { TTHeaderError } from "./errors.ts"
import { i32, type Limits, resolveLimits, type TTHeaderLimits, u16 } from "./layout.ts"
import { createStreamDecoder, type StreamDecoder } from "./stream.ts"
import { payloadMessage, type ThriftMessageHead } from "./thrift-message.ts"

export interface FramedThriftDecoded {
  /** The message head (binary, compact or Kitex protobuf), undefined if it could not be read. */
  readonly message: ThriftMessageHead | undefined
  /** The message bytes after the 4-byte length. */
  readonly payload: Uint8Array
  /** The whole frame, length included. */
  readonly raw: Uint8Array
}

/**
 * Length (4 + LENGTH) of the framed message at `buf[start]`, 0 while fewer than 6 bytes are buffered.
 * The message must start with 0x8001 (binary strict), 0x9001 (Kitex protobuf) or 0x82 (compact).
 */
export const framedThriftLength = (buf: Uint8Array, start: number, end: number, lim: Limits): number => {
  const n = end - start
  if (n >= 4) {
    const len = i32(buf, start)
    if (len <= 0) throw new TTHeaderError("BadLength", `framed length ${len}`)
    if (len + 4 > lim.maxFrameSize) throw new TTHeaderError("FrameTooLarge", `frame of ${len + 4} bytes exceeds ${lim.maxFrameSize}`)
  }
  if (n < 6) return 0
  const m = u16(buf, start + 4)
  if (m !== 0x8001 && m !== 0x9001 && buf[start + 4] !== 0x82) {
    throw new TTHeaderError("BadMagic", `framed message starts 0x${m.toString(16)}, want a Thrift/Kitex message`)
  }
  return i32(buf, start) + 4
}

const parse = (buf: Uint8Array, start: number, total: number): FramedThriftDecoded => {
  const raw = buf.subarray(start, start + total)
  const payload = raw.subarray(4)
  return { message: payloadMessage(payload), payload, raw }
}

/** Decodes exactly one framed message. */
export const decodeFramedThrift = (bytes: Uint8Array, limits?: TTHeaderLimits): FramedThriftDecoded => {
  const total = framedThriftLength(bytes, 0, bytes.length, resolveLimits(limits))
  if (total === 0 || total > bytes.length) throw new TTHeaderError("Truncated", `have ${bytes.length} bytes`)
  if (total < bytes.length) throw new TTHeaderError("BadLength", `${bytes.length - total} bytes after the frame`)
  return parse(bytes, 0, total)
}

export type FramedThriftDecoder = StreamDecoder<FramedThriftDecoded>

export const createFramedThriftDecoder = (limits?: TTHeaderLimits): FramedThriftDecoder => {
  const lim = resolveLimits(limits)
  return createStreamDecoder({ length: (buf, start, end) => framedThriftLength(buf, start, end, lim), parse })
}
