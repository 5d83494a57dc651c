// One pooled HTTP/1.1 client connection: writes a request, decodes its response, one call at a time.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import type { Connection } from "@mosaic/transport"
import { createResponseDecoder, type Http1Limits, type Http1Response, type ResponseDecoder } from "@mosaic/protocol-http1"
import type { Poolable } from "./pool.ts"

interface Pending {
  resolve: (r: Http1Response) => void
  reject: (e: unknown) => void
  signal: AbortSignal
  onAbort: () => void
}

/** The error for a call whose signal aborted: the signal's RpcError (the invoker's deadline or cancel), else DEADLINE_EXCEEDED. */
export const abortError = (signal: AbortSignal): unknown => {
  const r = signal.reason as { _tag?: unknown } | undefined
  return typeof r === "object" && r !== null && r._tag === "RpcError" ? r : RpcError.of(Code.DEADLINE_EXCEEDED, "request timeout")
}

export class HttpConnection implements Poolable {
  dead = false
  private pending: Pending | undefined
  private readonly decoder: ResponseDecoder
  private readonly conn: Connection
  private readonly onDeath: (c: HttpConnection) => void

  constructor(conn: Connection, limits: Partial<Http1Limits>, onDeath: (c: HttpConnection) => void) {
    this.conn = conn
    this.onDeath = onDeath
    this.decoder = createResponseDecoder({ limits, onResponse: (r) => this.onResponse(r) })
    conn.setHandler({
      onData: (chunk) => {
        if (this.pending === undefined) return this.fail(RpcError.of(Code.UNAVAILABLE, "unexpected bytes from upstream on an idle connection"))
        try {
          this.decoder.push(chunk)
        } catch (e) {
          this.fail(RpcError.of(Code.UNAVAILABLE, `bad HTTP response from upstream: ${(e as Error).message}`))
        }
      },
      onClose: (error) => {
        if (this.pending !== undefined) {
          try {
            this.decoder.end()
          } catch { /* reported below */ }
        }
        this.fail(RpcError.of(Code.UNAVAILABLE, `upstream connection closed before the response${error ? `: ${error.message}` : ""}`))
      }
    })
  }

  /** Write the encoded request and wait for its response; the signal (deadline) aborts and kills the connection. */
  send(bytes: Uint8Array, method: string, signal: AbortSignal): Promise<Http1Response> {
    return new Promise((resolve, reject) => {
      if (this.dead) return reject(RpcError.of(Code.UNAVAILABLE, "upstream connection is closed"))
      const pending: Pending = {
        resolve, reject, signal,
        onAbort: () => this.fail(abortError(signal))
      }
      this.pending = pending
      signal.addEventListener("abort", pending.onAbort, { once: true })
      this.decoder.expect(method)
      this.conn.write(bytes)
    })
  }

  close(): void {
    this.dead = true
    this.conn.destroy()
  }

  private onResponse(response: Http1Response): void {
    const p = this.pending
    if (p === undefined) return
    this.pending = undefined
    p.signal.removeEventListener("abort", p.onAbort)
    if (!response.keepAlive) this.dead = true
    p.resolve(response)
  }

  private fail(error: unknown): void {
    const wasDead = this.dead
    this.dead = true
    const p = this.pending
    this.pending = undefined
    if (p !== undefined) {
      p.signal.removeEventListener("abort", p.onAbort)
      p.reject(error)
    }
    this.conn.destroy()
    if (!wasDead) this.onDeath(this)
  }
}
