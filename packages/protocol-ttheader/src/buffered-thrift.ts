// Unframed (TBufferedTransport) Thrift binary: finds a message's end by skipping its struct; a streaming decoder.
import { TTHeaderError } from "./errors.ts"
import { i32, type Limits, resolveLimits, type TTHeaderLimits, u16 } from "./layout.ts"
import { createStreamDecoder, type StreamDecoder } from "./stream.ts"
import { peekBinaryMessage, type ThriftMessageHead } from "./thrift-message.ts"

/** Nesting allowed inside one message (structs, lists, maps). */
export const MAX_THRIFT_DEPTH = 64

/** Fixed widths of the Thrift binary scalar types, by type id (0 = not a fixed-width type). */
const FIXED: ReadonlyArray<number> = [0, 0, 1, 1, 8, 0, 2, 0, 4, 0, 8, 0, 0, 0, 0, 0, 16]

/** Thrown internally when the buffered bytes end inside the message; carries how many bytes are needed. */
class NeedMore {
  readonly until: number
  constructor(until: number) {
    this.until = until
  }
}

class Scanner {
  readonly b: Uint8Array
  readonly end: number
  readonly limit: number
  p: number
  constructor(b: Uint8Array, start: number, end: number, limit: number) {
    this.b = b
    this.p = start
    this.end = end
    this.limit = limit
  }

  /** `limit` is the absolute index the message may not pass (start + maxFrameSize). */
  need(k: number): void {
    const until = this.p + k
    if (until > this.limit) throw new TTHeaderError("FrameTooLarge", "message exceeds the frame size limit")
    if (until > this.end) throw new NeedMore(until)
  }

  skip(type: number, depth: number): void {
    if (depth > MAX_THRIFT_DEPTH) throw new TTHeaderError("TooDeep", `nesting deeper than ${MAX_THRIFT_DEPTH}`)
    const fixed = FIXED[type] ?? 0
    if (fixed > 0) {
      this.need(fixed)
      this.p += fixed
      return
    }
    const b = this.b
    switch (type) {
      case 11: { // STRING / BINARY
        this.need(4)
        const len = i32(b, this.p)
        if (len < 0) throw new TTHeaderError("BadPayload", `negative string length ${len}`)
        this.p += 4
        this.need(len)
        this.p += len
        return
      }
      case 12: // STRUCT
        for (;;) {
          this.need(1)
          const ft = b[this.p]!
          if (ft === 0) {
            this.p += 1
            return
          }
          this.need(3)
          this.p += 3
          this.skip(ft, depth + 1)
        }
      case 13: { // MAP
        this.need(6)
        const kt = b[this.p]!
        const vt = b[this.p + 1]!
        const size = this.size(i32(b, this.p + 2))
        this.p += 6
        this.many(size, [kt, vt], depth)
        return
      }
      case 14: // SET
      case 15: { // LIST
        this.need(5)
        const et = b[this.p]!
        const size = this.size(i32(b, this.p + 1))
        this.p += 5
        this.many(size, [et], depth)
        return
      }
      default:
        throw new TTHeaderError("BadPayload", `unknown Thrift type ${type}`)
    }
  }

  private size(n: number): number {
    if (n < 0) throw new TTHeaderError("BadPayload", `negative container size ${n}`)
    return n
  }

  private many(size: number, types: ReadonlyArray<number>, depth: number): void {
    if (size === 0) return
    const width = types.reduce((w, t) => (w < 0 || (FIXED[t] ?? 0) === 0 ? -1 : w + FIXED[t]!), 0)
    if (width > 0) {
      this.need(size * width)
      this.p += size * width
      return
    }
    for (let i = 0; i < size; i++) for (const t of types) this.skip(t, depth + 1)
  }
}

/**
 * Length of the unframed binary-strict message at `buf[start]`, or 0 when more bytes are needed; `wait`
 * (if given) receives the smallest total that can make progress, so a caller can skip rescans until then.
 */
export const bufferedThriftLength = (
  buf: Uint8Array, start: number, end: number, lim: Limits, wait?: (until: number) => void
): number => {
  const n = end - start
  if (n >= 2 && u16(buf, start) !== 0x8001) throw new TTHeaderError("BadMagic", "unframed message does not start with 0x8001")
  if (n < 12) return 0
  const nameLen = i32(buf, start + 4)
  if (nameLen < 0 || nameLen > lim.maxHeaderSize) throw new TTHeaderError("BadPayload", `method name length ${nameLen}`)
  const s = new Scanner(buf, start + 12 + nameLen, end, start + lim.maxFrameSize)
  try {
    s.skip(12, 0)
    return s.p - start
  } catch (e) {
    if (e instanceof NeedMore) {
      wait?.(e.until - start)
      return 0
    }
    throw e
  }
}

export interface BufferedThriftDecoded {
  readonly message: ThriftMessageHead
  /** The whole message. */
  readonly raw: Uint8Array
}

export type BufferedThriftDecoder = StreamDecoder<BufferedThriftDecoded>

/**
 * Streaming decoder for unframed binary Thrift messages. Each arrival rescans the message from its start,
 * except that it waits until a known missing byte count (e.g. a long string) has arrived.
 */
export const createBufferedThriftDecoder = (limits?: TTHeaderLimits): BufferedThriftDecoder => {
  const lim = resolveLimits(limits)
  return createStreamDecoder(bufferedFraming(lim))
}

export const bufferedFraming = (lim: Limits) => {
  let waitFor = 0
  return {
    length: (buf: Uint8Array, start: number, end: number): number => {
      if (end - start < waitFor) return 0
      waitFor = 0
      return bufferedThriftLength(buf, start, end, lim, (until) => void (waitFor = until))
    },
    parse: (buf: Uint8Array, start: number, total: number): BufferedThriftDecoded => {
      waitFor = 0
      const raw = buf.subarray(start, start + total)
      return { message: peekBinaryMessage(raw, 0)!, raw }
    },
    reset: (): void => void (waitFor = 0)
  }
}
