// Parsing of one message's head: start line, header lines (framing headers noted), chunk-size lines.
import { bytesEqualLower, bytesFoldToLower, HEX, internLatin1, latin1, TARGET, TCHAR, VCHAR_OR_WS } from "./ascii.ts"
import { Http1Error, type Http1ErrorReason } from "./errors.ts"
import type { Http1Limits } from "./limits.ts"

const MAX_EMPTY_LINES = 16
/** Values up to this length go through the intern cache. */
const INTERN_VALUE_MAX = 48

/** The head fields of the message being decoded, and the line parsers that fill them. */
export abstract class MessageHead {
  protected readonly response: boolean
  protected readonly limits: Http1Limits
  protected headerCount = 0
  protected emptyLines = 0
  protected method = ""
  protected target = ""
  protected status = 0
  protected reason = ""
  protected versionMinor = 1
  protected headers: Array<string> = []
  protected contentLength = -1
  protected chunked = false
  protected closeToken = false
  protected keepAliveToken = false
  protected expectContinue = false
  protected hostCount = 0

  constructor(response: boolean, limits: Http1Limits) {
    this.response = response
    this.limits = limits
  }

  protected err(reason: Http1ErrorReason, status: number, message: string): Http1Error {
    return new Http1Error(reason, this.response ? 502 : status, message)
  }

  protected resetHead(): void {
    this.headerCount = 0
    this.emptyLines = 0
    this.headers = []
    this.contentLength = -1
    this.chunked = false
    this.closeToken = false
    this.keepAliveToken = false
    this.expectContinue = false
    this.hostCount = 0
  }

  /** Parse a request or status line; false for an (ignored) empty line before it. */
  protected startLine(b: Uint8Array, s: number, e: number): boolean {
    if (s === e) {
      if (++this.emptyLines > MAX_EMPTY_LINES) throw this.err("BadStartLine", 400, "too many empty lines")
      return false
    }
    if (this.response) this.statusLine(b, s, e)
    else this.requestLine(b, s, e)
    return true
  }

  protected requestLine(b: Uint8Array, s: number, e: number): void {
    let i = s
    let h = 0
    while (i < e && TCHAR[b[i]!] === 1) h = (h * 31 + b[i++]!) | 0
    if (i === s || i >= e || b[i] !== 32) throw this.err("BadStartLine", 400, "bad method")
    this.method = internLatin1(b, s, i, h)
    const ts = i + 1
    let te = ts
    while (te < e && TARGET[b[te]!] === 1) te++
    if (te === ts || te >= e || b[te] !== 32) throw this.err("BadStartLine", 400, "bad request-target")
    this.target = latin1(b, ts, te)
    this.version(b, te + 1, e)
  }

  protected statusLine(b: Uint8Array, s: number, e: number): void {
    if (e - s < 12) throw this.err("BadStartLine", 400, "bad status line")
    this.version(b, s, s + 8)
    const d0 = b[s + 9]! - 48
    const d1 = b[s + 10]! - 48
    const d2 = b[s + 11]! - 48
    if (b[s + 8] !== 32 || d0 < 1 || d0 > 9 || d1 < 0 || d1 > 9 || d2 < 0 || d2 > 9) {
      throw this.err("BadStartLine", 400, "bad status code")
    }
    this.status = d0 * 100 + d1 * 10 + d2
    if (e === s + 12) {
      this.reason = ""
      return
    }
    if (b[s + 12] !== 32) throw this.err("BadStartLine", 400, "bad status line")
    let h = 0
    for (let i = s + 13; i < e; i++) {
      const c = b[i]!
      if (VCHAR_OR_WS[c] === 0) throw this.err("BadStartLine", 400, "bad byte in reason phrase")
      h = (h * 31 + c) | 0
    }
    this.reason = e - s - 13 <= INTERN_VALUE_MAX ? internLatin1(b, s + 13, e, h) : latin1(b, s + 13, e)
  }

  /** Exactly `HTTP/1.0` or `HTTP/1.1` in [s, e). */
  protected version(b: Uint8Array, s: number, e: number): void {
    const ok = e - s === 8 && b[s] === 72 && b[s + 1] === 84 && b[s + 2] === 84 && b[s + 3] === 80 && b[s + 4] === 47 &&
      b[s + 6] === 46
    const major = b[s + 5]! - 48
    const minor = b[s + 7]! - 48
    if (!ok || major < 0 || major > 9 || minor < 0 || minor > 9) throw this.err("BadStartLine", 400, "bad HTTP version")
    if (major !== 1 || minor > 1) throw this.err("BadVersion", 505, `HTTP/${major}.${minor} not supported`)
    this.versionMinor = minor
  }

  protected headerLine(b: Uint8Array, s: number, e: number, store: boolean): void {
    if (++this.headerCount > this.limits.maxHeaderCount) {
      throw this.err("TooManyHeaders", 431, "more than maxHeaderCount header lines")
    }
    let i = s
    let h = 0
    while (i < e && TCHAR[b[i]!] === 1) h = (h * 31 + b[i++]!) | 0
    if (i === s || i >= e || b[i] !== 58) throw this.err("BadHeader", 400, "bad header line")
    const nameEnd = i
    i++
    while (i < e && (b[i] === 32 || b[i] === 9)) i++
    let ve = e
    while (ve > i && (b[ve - 1] === 32 || b[ve - 1] === 9)) ve--
    let vh = 0
    for (let j = i; j < ve; j++) {
      const c = b[j]!
      if (VCHAR_OR_WS[c] === 0) throw this.err("BadHeader", 400, "bad byte in header value")
      vh = (vh * 31 + c) | 0
    }
    if (!store) return
    const name = internLatin1(b, s, nameEnd, h)
    const value = ve - i <= INTERN_VALUE_MAX ? internLatin1(b, i, ve, vh) : latin1(b, i, ve)
    this.headers.push(name, value)
    switch (nameEnd - s) {
      case 4:
        if (bytesEqualLower(b, s, nameEnd, "host")) this.hostCount++
        break
      case 6:
        if (bytesEqualLower(b, s, nameEnd, "expect") && bytesEqualLower(b, i, ve, "100-continue")) this.expectContinue = true
        break
      case 10:
        if (bytesEqualLower(b, s, nameEnd, "connection")) this.connectionTokens(b, i, ve)
        break
      case 14:
        if (bytesEqualLower(b, s, nameEnd, "content-length")) this.contentLengthValue(b, i, ve)
        else if (bytesFoldToLower(b, s, nameEnd, "content-length")) throw this.err("BadHeader", 400, "Content_Length header")
        break
      case 17:
        if (bytesEqualLower(b, s, nameEnd, "transfer-encoding")) this.transferCodings(b, i, ve)
        else if (bytesFoldToLower(b, s, nameEnd, "transfer-encoding")) throw this.err("BadHeader", 400, "Transfer_Encoding header")
        break
    }
  }

  protected contentLengthValue(b: Uint8Array, s: number, e: number): void {
    if (s === e || e - s > 15) throw this.err("BadContentLength", 400, "bad Content-Length")
    let n = 0
    for (let i = s; i < e; i++) {
      const d = b[i]! - 48
      if (d < 0 || d > 9) throw this.err("BadContentLength", 400, "bad Content-Length")
      n = n * 10 + d
    }
    if (this.contentLength !== -1 && this.contentLength !== n) {
      throw this.err("BadContentLength", 400, "conflicting Content-Length headers")
    }
    this.contentLength = n
  }

  /** Call `token(start, end)` for each comma-separated token in [s, e). */
  protected tokens(b: Uint8Array, s: number, e: number, token: (start: number, end: number) => void): void {
    let i = s
    while (i < e) {
      while (i < e && (b[i] === 32 || b[i] === 9 || b[i] === 44)) i++
      const ts = i
      while (i < e && b[i] !== 44) i++
      let te = i
      while (te > ts && (b[te - 1] === 32 || b[te - 1] === 9)) te--
      if (te > ts) token(ts, te)
    }
  }

  protected connectionTokens(b: Uint8Array, s: number, e: number): void {
    this.tokens(b, s, e, (ts, te) => {
      if (bytesEqualLower(b, ts, te, "close")) this.closeToken = true
      else if (bytesEqualLower(b, ts, te, "keep-alive")) this.keepAliveToken = true
    })
  }

  protected transferCodings(b: Uint8Array, s: number, e: number): void {
    let any = false
    this.tokens(b, s, e, (ts, te) => {
      any = true
      if (!bytesEqualLower(b, ts, te, "chunked")) {
        throw this.err("UnsupportedTransferEncoding", 501, `transfer coding "${latin1(b, ts, te)}" not supported`)
      }
      if (this.chunked) throw this.err("BadHeader", 400, "chunked applied twice")
      this.chunked = true
    })
    if (!any) throw this.err("BadHeader", 400, "empty Transfer-Encoding")
  }

  /** Parse a chunk-size line (extensions validated and ignored); returns the size. */
  protected chunkSize(b: Uint8Array, s: number, e: number, bodySoFar: number): number {
    let i = s
    let size = 0
    while (i < e) {
      const d = HEX[b[i]!]!
      if (d === 255) break
      if (i - s >= 12) throw this.err("BodyTooLarge", 413, "chunk size too large")
      size = size * 16 + d
      i++
    }
    if (i === s) throw this.err("BadChunk", 400, "bad chunk size")
    while (i < e && (b[i] === 32 || b[i] === 9)) i++
    if (i < e && b[i] !== 59) throw this.err("BadChunk", 400, "bad chunk size")
    for (; i < e; i++) if (VCHAR_OR_WS[b[i]!] === 0) throw this.err("BadChunk", 400, "bad chunk extension")
    if (bodySoFar + size > this.limits.maxBodyBytes) throw this.err("BodyTooLarge", 413, "body exceeds maxBodyBytes")
    return size
  }
}
