// One multiplexed client connection: per-connection request ids, a pending map, idle heartbeats, fail-fast close.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import type { Connection } from "@mosaic/transport"
import type { MuxCodec, MuxDecoder } from "./codec.ts"

export interface HeartbeatOptions {
  /** Send a heartbeat after this long without reading anything (0 = never). */
  readonly intervalMs: number
  /** A heartbeat not acknowledged within this long counts as a failure. */
  readonly timeoutMs: number
  /** Close the connection after this many consecutive failures. */
  readonly maxFailures: number
}

interface Pending<Res> {
  readonly resolve: (frame: Res) => void
  readonly reject: (error: unknown) => void
  readonly signal: AbortSignal
  readonly onAbort: () => void
}

/** The error for a call whose signal aborted: the signal's RpcError, else DEADLINE_EXCEEDED. */
export const abortError = (signal: AbortSignal): RpcError => {
  const r = signal.reason as { _tag?: unknown } | undefined
  if (r instanceof RpcError || (typeof r === "object" && r !== null && r._tag === "RpcError")) return r as RpcError
  return RpcError.of(Code.DEADLINE_EXCEEDED, "request timeout")
}

export class MuxConnection<Req, Res> {
  dead = false
  /** Why the connection died (for logs and error messages). */
  deathReason = ""
  private nextId = 0
  private readonly pending = new Map<number, Pending<Res>>()
  private readonly decoder: MuxDecoder<Res>
  private readonly conn: Connection
  private readonly codec: MuxCodec<Req, Res>
  private readonly onDeath: (c: MuxConnection<Req, Res>) => void
  private readonly hb: HeartbeatOptions
  private hbTimer: ReturnType<typeof setInterval> | undefined
  private hbWait: ReturnType<typeof setTimeout> | undefined
  private hbId = -1
  private hbFailures = 0
  private lastRead = Date.now()

  constructor(conn: Connection, codec: MuxCodec<Req, Res>, heartbeat: HeartbeatOptions, onDeath: (c: MuxConnection<Req, Res>) => void) {
    this.conn = conn
    this.codec = codec
    this.hb = heartbeat
    this.onDeath = onDeath
    this.decoder = codec.createDecoder()
    conn.setHandler({
      onData: (chunk) => this.onData(chunk),
      onClose: (error) => this.die(`${codec.protocol} connection closed${error ? `: ${error.message}` : ""}`)
    })
    if (heartbeat.intervalMs > 0 && !this.dead) {
      this.hbTimer = setInterval(() => this.tick(), heartbeat.intervalMs)
      ;(this.hbTimer as { unref?: () => void }).unref?.()
    }
  }

  /** Calls waiting for their response. */
  get inFlight(): number {
    return this.pending.size
  }

  get id(): number {
    return this.conn.id
  }

  /** Write `request` with a fresh id and wait for the response with that id (or the signal). */
  call(request: Req, signal: AbortSignal): Promise<Res> {
    if (this.dead) return Promise.reject(this.deadError())
    if (signal.aborted) return Promise.reject(abortError(signal))
    const id = this.allocateId()
    let bytes: Uint8Array
    try {
      bytes = this.codec.encode(request, id)
    } catch (e) {
      return Promise.reject(RpcError.of(Code.INTERNAL, `${this.codec.protocol} encode failed: ${(e as Error).message}`))
    }
    return new Promise<Res>((resolve, reject) => {
      const onAbort = () => {
        if (this.pending.delete(id)) reject(abortError(signal))
      }
      this.pending.set(id, { resolve, reject, signal, onAbort })
      signal.addEventListener("abort", onAbort, { once: true })
      this.conn.write(bytes)
    })
  }

  /** Oneway: write `request` with a fresh id; nothing waits for an answer. */
  send(request: Req): void {
    if (this.dead) throw this.deadError()
    let bytes: Uint8Array
    try {
      bytes = this.codec.encode(request, this.allocateId())
    } catch (e) {
      throw RpcError.of(Code.INTERNAL, `${this.codec.protocol} encode failed: ${(e as Error).message}`)
    }
    this.conn.write(bytes)
  }

  /** Close now; every pending call fails at once with UNAVAILABLE. */
  close(reason = "connection closed by the channel"): void {
    this.die(reason)
  }

  private allocateId(): number {
    const max = this.codec.maxId
    do {
      this.nextId = this.nextId >= max ? 1 : this.nextId + 1
    } while (this.pending.has(this.nextId) || this.nextId === this.hbId)
    return this.nextId
  }

  private onData(chunk: Uint8Array): void {
    if (this.dead) return
    this.lastRead = Date.now()
    const codec = this.codec
    try {
      this.decoder.push(chunk)
      for (let frame = this.decoder.next(); frame !== undefined; frame = this.decoder.next()) {
        const kind = codec.classify(frame)
        if (kind === "response") {
          const id = codec.idOf(frame)
          const p = this.pending.get(id)
          if (p !== undefined) {
            this.pending.delete(id)
            p.signal.removeEventListener("abort", p.onAbort)
            p.resolve(frame)
          } else if (id === this.hbId) this.heartbeatAcked()
        } else if (kind === "heartbeat-ack") {
          if (codec.idOf(frame) === this.hbId) this.heartbeatAcked()
        } else if (kind === "heartbeat") {
          const reply = codec.heartbeatReply(frame)
          if (reply !== undefined) this.conn.write(reply)
        }
        if (this.dead) return
      }
    } catch (e) {
      const err = e as { reason?: string; message?: string }
      this.die(`bad ${codec.protocol} frame from upstream${err.reason ? ` (${err.reason})` : ""}: ${err.message ?? String(e)}`)
    }
  }

  private tick(): void {
    if (this.dead || this.hbWait !== undefined) return
    if (Date.now() - this.lastRead < this.hb.intervalMs) return
    const id = this.allocateId()
    const bytes = this.codec.heartbeat(id)
    if (bytes === undefined) {
      clearInterval(this.hbTimer)
      return
    }
    this.hbId = id
    if (!this.conn.closed) this.conn.write(bytes)
    this.hbWait = setTimeout(() => {
      this.hbWait = undefined
      this.hbId = -1
      this.hbFailures++
      if (this.hbFailures >= this.hb.maxFailures) this.die(`${this.hbFailures} consecutive heartbeats failed`)
    }, this.hb.timeoutMs)
    ;(this.hbWait as { unref?: () => void }).unref?.()
  }

  private heartbeatAcked(): void {
    clearTimeout(this.hbWait)
    this.hbWait = undefined
    this.hbId = -1
    this.hbFailures = 0
  }

  private deadError(): RpcError {
    return RpcError.of(Code.UNAVAILABLE, `${this.codec.protocol} connection is closed: ${this.deathReason}`)
  }

  private die(reason: string): void {
    if (this.dead) return
    this.dead = true
    this.deathReason = reason
    clearInterval(this.hbTimer)
    clearTimeout(this.hbWait)
    this.conn.destroy()
    const error = RpcError.of(Code.UNAVAILABLE, reason)
    const calls = [...this.pending.values()]
    this.pending.clear()
    for (const p of calls) {
      p.signal.removeEventListener("abort", p.onAbort)
      p.reject(error)
    }
    this.onDeath(this)
  }
}
