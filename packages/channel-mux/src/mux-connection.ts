// One multiplexed channel connection on the shared MuxLink core: calls are promises settled by id, by their signal, or at once on death.
import { Code } from "@mosaic/kernel"
import { MUX_DEAD, type MuxHeartbeat, MuxLink } from "@mosaic/protocol"
import { RpcError } from "@mosaic/rpc"
import type { Connection } from "@mosaic/transport"
import type { MuxCodec } from "./codec.ts"

export type HeartbeatOptions = MuxHeartbeat

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

export class MuxConnection<Req, Res> extends MuxLink<Res, Pending<Res>> {
  private readonly conn: Connection
  private readonly encode: (request: Req, id: number) => Uint8Array
  private readonly onDeath: (c: MuxConnection<Req, Res>) => void
  private deathError: RpcError | undefined = undefined

  constructor(conn: Connection, codec: MuxCodec<Req, Res>, heartbeat: HeartbeatOptions, onDeath: (c: MuxConnection<Req, Res>) => void) {
    super(codec.protocol, heartbeat)
    this.conn = conn
    this.encode = codec.encode
    this.onDeath = onDeath
    conn.setHandler({
      onData: (chunk) => this.onData(chunk),
      onClose: (error) => this.die(`${this.proto.name} connection closed${error ? `: ${error.message}` : ""}`)
    })
    this.ready()
  }

  get dead(): boolean {
    return this.state === MUX_DEAD
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
    if (!this.usable) return Promise.reject(this.deadError())
    if (signal.aborted) return Promise.reject(abortError(signal))
    const id = this.allocateId()
    let bytes: Uint8Array
    try {
      bytes = this.encode(request, id)
    } catch (e) {
      return Promise.reject(RpcError.of(Code.INTERNAL, `${this.proto.name} encode failed: ${(e as Error).message}`))
    }
    return new Promise<Res>((resolve, reject) => {
      const onAbort = () => {
        if (this.pending.delete(id)) {
          reject(abortError(signal))
          this.left()
        }
      }
      this.pending.set(id, { resolve, reject, signal, onAbort })
      signal.addEventListener("abort", onAbort, { once: true })
      this.conn.write(bytes)
    })
  }

  /** Oneway: write `request` with a fresh id; nothing waits for an answer. */
  send(request: Req): void {
    if (!this.usable) throw this.deadError()
    let bytes: Uint8Array
    try {
      bytes = this.encode(request, this.allocateId())
    } catch (e) {
      throw RpcError.of(Code.INTERNAL, `${this.proto.name} encode failed: ${(e as Error).message}`)
    }
    this.conn.write(bytes)
  }

  /** Close now; every pending call fails at once with UNAVAILABLE. */
  close(reason = "connection closed by the channel"): void {
    this.die(reason)
  }

  protected writeFrame(bytes: Uint8Array): void {
    if (!this.conn.closed) this.conn.write(bytes)
  }

  protected answered(p: Pending<Res>, frame: Res): void {
    p.signal.removeEventListener("abort", p.onAbort)
    p.resolve(frame)
  }

  protected release(reason: string): void {
    this.deathError = RpcError.of(Code.UNAVAILABLE, reason)
    this.conn.destroy()
  }

  protected failPending(p: Pending<Res>): void {
    p.signal.removeEventListener("abort", p.onAbort)
    p.reject(this.deathError)
  }

  override die(reason: string): void {
    if (this.dead) return
    super.die(reason)
    this.onDeath(this)
  }

  private deadError(): RpcError {
    return RpcError.of(Code.UNAVAILABLE, `${this.proto.name} connection is ${this.draining && !this.dead ? "draining after GOAWAY" : `closed: ${this.deathReason}`}`)
  }
}
