// The streaming HTTP/1 decoder state machine shared by the request and response decoders.
import { copyOf } from "./alloc.ts"
import { Http1Error } from "./errors.ts"
import { MessageHead } from "./head-parser.ts"
import type { Http1Limits } from "./limits.ts"
import type { Http1Request, Http1Response } from "./types.ts"

export const EMPTY = new Uint8Array(0)

const S_START = 0
const S_HEADER = 1
const S_BODY = 2
const S_CHUNK_SIZE = 3
const S_CHUNK_DATA = 4
const S_CHUNK_END = 5
const S_TRAILER = 6
const S_UNTIL_CLOSE = 7
const S_DONE = 8
const S_FAILED = 9

type Message = Http1Request | Http1Response

export class Http1Decoder extends MessageHead {
  private readonly onMessage: (message: any) => void
  private readonly onContinue: (() => void) | undefined
  private state = S_START
  private error: Http1Error | undefined = undefined
  /** Unconsumed bytes kept between pushes (a partial line or a lone CR). */
  private pending: Uint8Array = EMPTY
  private pendingLen = 0
  /** Bytes after the current line start already known to hold no LF. */
  private scanned = 0
  private headBytes = 0
  private remaining = 0
  private body: Uint8Array = EMPTY
  private bodyPos = 0
  private parts: Array<Uint8Array> = []
  private partsLen = 0
  private readonly expected: Array<string> = []
  /** Response decoders: bytes with no request announced by `expect` are held, not parsed. */
  private readonly onlyExpected: boolean

  constructor(
    response: boolean,
    onMessage: (message: Message) => void,
    limits: Http1Limits,
    onContinue?: () => void,
    onlyExpected = false
  ) {
    super(response, limits)
    this.onMessage = onMessage
    this.onContinue = onContinue
    this.onlyExpected = onlyExpected
  }

  /** No byte of a next message received yet. */
  get idle(): boolean {
    return this.state === S_START && this.pendingLen === 0 && this.headBytes === 0
  }

  /** The head of the current message is complete and its body is being read. */
  get readingBody(): boolean {
    const state = this.state
    return state >= S_BODY && state <= S_UNTIL_CLOSE
  }

  /** Finished: after a non-keep-alive message, `end()`, or an error. */
  get done(): boolean {
    return this.state >= S_DONE
  }

  /** Response decoders: the method of the next request written, in order (HEAD answers have no body). */
  expect(method: string): void {
    this.expected.push(method)
  }

  push(chunk: Uint8Array): void {
    if (this.state >= S_DONE) {
      if (this.state === S_FAILED) throw this.error!
      return
    }
    if (chunk.length === 0) return
    let data = chunk
    let end = chunk.length
    if (this.pendingLen > 0) {
      this.keep(chunk, 0, chunk.length)
      data = this.pending
      end = this.pendingLen
    }
    let pos: number
    try {
      pos = this.run(data, end)
    } catch (e) {
      if (e instanceof Http1Error) this.die(e)
      throw e
    }
    if (this.state >= S_DONE) {
      this.pendingLen = 0
      return
    }
    if (data === this.pending) {
      if (pos > 0 && pos < end) data.copyWithin(0, pos, end)
      this.pendingLen = end - pos
    } else if (pos < end) {
      this.keep(chunk, pos, end)
    }
  }

  end(): void {
    if (this.state === S_FAILED) throw this.error!
    if (this.state === S_DONE) return
    if (this.state === S_UNTIL_CLOSE) {
      this.emit(this.joinParts())
      this.state = S_DONE
      return
    }
    if (this.idle) {
      this.state = S_DONE
      return
    }
    const e = this.err("Truncated", 400, "connection closed in the middle of a message")
    this.die(e)
    throw e
  }

  private die(e: Http1Error): void {
    this.state = S_FAILED
    this.error = e
    this.pendingLen = 0
    this.pending = EMPTY
    this.parts = []
  }

  /** Append bytes [from, to) of `src` to the pending buffer. */
  private keep(src: Uint8Array, from: number, to: number): void {
    const need = this.pendingLen + (to - from)
    if (need > this.pending.length) {
      const grown = new Uint8Array(Math.max(need, this.pending.length * 2, 256))
      grown.set(this.pending.subarray(0, this.pendingLen))
      this.pending = grown
    }
    this.pending.set(src.subarray(from, to), this.pendingLen)
    this.pendingLen = need
  }

  /** Consume bytes [0, end) of `data`; returns where unconsumed bytes start. */
  private run(data: Uint8Array, end: number): number {
    let pos = 0
    while (pos < end) {
      const state = this.state
      if (state === S_BODY) {
        pos = this.readBody(data, pos, end)
      } else if (state === S_CHUNK_DATA) {
        const n = Math.min(this.remaining, end - pos)
        this.parts.push(copyOf(data, pos, pos + n))
        this.partsLen += n
        this.remaining -= n
        pos += n
        if (this.remaining === 0) this.state = S_CHUNK_END
      } else if (state === S_CHUNK_END) {
        const c = data[pos]
        if (c === 10) pos += 1
        else if (c === 13) {
          if (pos + 1 >= end) return pos
          if (data[pos + 1] !== 10) throw this.err("BadChunk", 400, "chunk data not followed by CRLF")
          pos += 2
        } else throw this.err("BadChunk", 400, "chunk data not followed by CRLF")
        this.state = S_CHUNK_SIZE
      } else if (state === S_UNTIL_CLOSE) {
        this.partsLen += end - pos
        if (this.partsLen > this.limits.maxBodyBytes) throw this.err("BodyTooLarge", 413, "body exceeds maxBodyBytes")
        this.parts.push(copyOf(data, pos, end))
        pos = end
      } else if (state >= S_DONE) {
        return end
      } else {
        // line-oriented states: start line, header lines, chunk-size lines, trailer lines
        if (state === S_START && this.onlyExpected && this.expected.length === 0) return pos // unasked-for bytes: held
        const from = pos + this.scanned
        const lf = from < end ? data.indexOf(10, from) : -1
        const chunkLine = state === S_CHUNK_SIZE
        if (lf === -1 || lf >= end) {
          const partial = end - pos
          this.scanned = partial
          if (chunkLine) {
            if (partial > this.limits.maxChunkLineBytes) throw this.err("BadChunk", 400, "chunk-size line too long")
          } else if (this.headBytes + partial > this.limits.maxHeaderBytes) {
            throw this.err("HeaderTooLarge", 431, "header section exceeds maxHeaderBytes")
          }
          return pos
        }
        this.scanned = 0
        const next = lf + 1
        let le = lf
        if (le > pos && data[le - 1] === 13) le--
        if (chunkLine) {
          if (next - pos > this.limits.maxChunkLineBytes) throw this.err("BadChunk", 400, "chunk-size line too long")
          const size = this.chunkSize(data, pos, le, this.partsLen)
          if (size === 0) this.state = S_TRAILER
          else {
            this.remaining = size
            this.state = S_CHUNK_DATA
          }
        } else {
          this.headBytes += next - pos
          if (this.headBytes > this.limits.maxHeaderBytes) {
            throw this.err("HeaderTooLarge", 431, "header section exceeds maxHeaderBytes")
          }
          if (state === S_START) {
            if (this.startLine(data, pos, le)) this.state = S_HEADER
          }
          else if (le === pos) {
            if (state === S_HEADER) this.headComplete()
            else this.emit(this.joinParts())
          } else this.headerLine(data, pos, le, state === S_HEADER)
        }
        pos = next
      }
    }
    return pos
  }

  private readBody(data: Uint8Array, pos: number, end: number): number {
    const avail = end - pos
    if (this.bodyPos === 0 && avail >= this.remaining) {
      const n = this.remaining
      this.remaining = 0
      this.emit(copyOf(data, pos, pos + n))
      return pos + n
    }
    if (this.bodyPos === 0) this.body = new Uint8Array(this.remaining)
    const n = Math.min(avail, this.remaining)
    this.body.set(data.subarray(pos, pos + n), this.bodyPos)
    this.bodyPos += n
    this.remaining -= n
    if (this.remaining === 0) this.emit(this.body)
    return pos + n
  }

  /** The empty line after the headers: pick the body framing. */
  private headComplete(): void {
    if (this.response) return this.responseFraming()
    if (this.hostCount > 1 || (this.versionMinor === 1 && this.hostCount === 0)) {
      throw this.err("MissingHost", 400, "an HTTP/1.1 request needs exactly one Host header")
    }
    if (this.chunked) {
      if (this.contentLength !== -1) throw this.err("BadContentLength", 400, "both Content-Length and Transfer-Encoding")
      this.state = S_CHUNK_SIZE
    } else if (this.contentLength > 0) {
      if (this.contentLength > this.limits.maxBodyBytes) throw this.err("BodyTooLarge", 413, "Content-Length exceeds maxBodyBytes")
      this.remaining = this.contentLength
      this.state = S_BODY
    } else {
      return this.emit(EMPTY)
    }
    if (this.expectContinue && this.onContinue !== undefined) this.onContinue()
  }

  private responseFraming(): void {
    const status = this.status
    if (status < 200 && status !== 101) {
      this.resetMessage() // interim response: skipped
      this.state = S_START
      return
    }
    const method = this.expected.length > 0 ? this.expected.shift()! : ""
    if (status === 101 || (method === "CONNECT" && status < 300)) {
      this.closeToken = true // the connection is no longer HTTP/1
      return this.emit(EMPTY)
    }
    if (status === 204 || status === 304 || method === "HEAD") {
      return this.emit(EMPTY)
    }
    if (this.chunked) {
      if (this.contentLength !== -1) throw this.err("BadContentLength", 400, "both Content-Length and Transfer-Encoding")
      this.state = S_CHUNK_SIZE
    } else if (this.contentLength > 0) {
      if (this.contentLength > this.limits.maxBodyBytes) throw this.err("BodyTooLarge", 413, "Content-Length exceeds maxBodyBytes")
      this.remaining = this.contentLength
      this.state = S_BODY
    } else if (this.contentLength === 0) {
      this.emit(EMPTY)
    } else {
      this.state = S_UNTIL_CLOSE
    }
  }

  private joinParts(): Uint8Array {
    const parts = this.parts
    if (parts.length === 0) return EMPTY
    if (parts.length === 1) return parts[0]!
    const out = new Uint8Array(this.partsLen)
    let at = 0
    for (const p of parts) {
      out.set(p, at)
      at += p.length
    }
    return out
  }

  private emit(body: Uint8Array): void {
    const status = this.status
    // HTTP/1.0 with Transfer-Encoding: framing is suspect, the connection closes after it (RFC 9112 §6.1)
    const keepAlive = this.state !== S_UNTIL_CLOSE &&
      (this.versionMinor >= 1 ? !this.closeToken : this.keepAliveToken && !this.closeToken && !this.chunked)
    const message = this.response
      ? {
        status,
        reason: this.reason,
        versionMinor: this.versionMinor,
        headers: this.headers,
        body,
        keepAlive,
        contentLength: this.contentLength,
        chunked: this.chunked
      } satisfies Http1Response
      : {
        method: this.method,
        target: this.target,
        versionMinor: this.versionMinor,
        headers: this.headers,
        body,
        keepAlive,
        contentLength: this.contentLength,
        chunked: this.chunked,
        expectContinue: this.expectContinue
      } satisfies Http1Request
    this.resetMessage()
    this.state = keepAlive ? S_START : S_DONE
    this.onMessage(message)
  }

  private resetMessage(): void {
    this.resetHead()
    this.headBytes = 0
    this.remaining = 0
    this.body = EMPTY
    this.bodyPos = 0
    if (this.partsLen > 0 || this.parts.length > 0) this.parts = []
    this.partsLen = 0
  }
}
