// A bounded set of multiplexed connections to one address: lazy dials, calls spread over them, dead ones replaced.
import { Code } from "@mosaic/kernel"
import { RpcError } from "@mosaic/rpc"
import type { Connection } from "@mosaic/transport"
import type { MuxCodec } from "./codec.ts"
import { abortError, type HeartbeatOptions, MuxConnection } from "./mux-connection.ts"

/** How calls are spread: each call takes the next slot, or the live connection with the fewest calls in flight. */
export type MuxStrategy = "round_robin" | "least_pending"

export interface MuxPoolOptions<Req, Res> {
  /** Most connections (Layotto's `size`). */
  readonly size: number
  readonly strategy: MuxStrategy
  /** Open a transport connection (bounded by the connect timeout); rejects with an RpcError. */
  readonly dial: () => Promise<Connection>
  readonly codec: MuxCodec<Req, Res>
  readonly heartbeat: HeartbeatOptions
}

interface Slot<Req, Res> {
  conn: MuxConnection<Req, Res> | undefined
  dialing: Promise<MuxConnection<Req, Res>> | undefined
}

export interface MuxPoolStats {
  readonly connections: number
  readonly inFlight: number
}

export class MuxPool<Req, Res> {
  private readonly slots: Array<Slot<Req, Res>>
  private readonly options: MuxPoolOptions<Req, Res>
  private rr = 0
  private closed = false

  constructor(options: MuxPoolOptions<Req, Res>) {
    this.options = options
    this.slots = Array.from({ length: Math.max(1, options.size) }, () => ({ conn: undefined, dialing: undefined }))
  }

  stats(): MuxPoolStats {
    let connections = 0
    let inFlight = 0
    for (const s of this.slots) {
      if (s.conn !== undefined && s.conn.usable) {
        connections++
        inFlight += s.conn.inFlight
      }
    }
    return { connections, inFlight }
  }

  /** Send `request` and wait for its response, until `signal` aborts. */
  call(request: Req, signal: AbortSignal): Promise<Res> {
    const c = this.pick(signal)
    return c instanceof MuxConnection ? c.call(request, signal) : c.then((conn) => conn.call(request, signal))
  }

  /** Oneway: resolves once the request is written. */
  send(request: Req, signal: AbortSignal): Promise<void> {
    const c = this.pick(signal)
    if (c instanceof MuxConnection) {
      try {
        c.send(request)
        return Promise.resolve()
      } catch (e) {
        return Promise.reject(e)
      }
    }
    return c.then((conn) => conn.send(request))
  }

  /** Close every connection; their pending calls fail with UNAVAILABLE. */
  close(): void {
    this.closed = true
    for (const s of this.slots) s.conn?.close("channel closed")
  }

  /** A live connection now, or a promise of one (dialling into an empty slot). */
  pick(signal: AbortSignal): MuxConnection<Req, Res> | Promise<MuxConnection<Req, Res>> {
    if (this.closed) return Promise.reject(RpcError.of(Code.UNAVAILABLE, "channel closed"))
    if (this.options.strategy === "round_robin" || this.slots.length === 1) {
      const slot = this.slots[this.rr]!
      this.rr = (this.rr + 1) % this.slots.length
      return this.ensure(slot, signal)
    }
    let best: MuxConnection<Req, Res> | undefined
    let empty: Slot<Req, Res> | undefined
    let dialing: Slot<Req, Res> | undefined
    for (const s of this.slots) {
      const c = s.conn
      if (c !== undefined && c.usable) {
        if (best === undefined || c.inFlight < best.inFlight) best = c
      } else if (s.dialing !== undefined) dialing ??= s
      else empty ??= s
    }
    if (best !== undefined && (best.inFlight === 0 || empty === undefined)) return best
    if (empty !== undefined) return this.ensure(empty, signal)
    return best ?? this.ensure(dialing!, signal)
  }

  private ensure(slot: Slot<Req, Res>, signal: AbortSignal): MuxConnection<Req, Res> | Promise<MuxConnection<Req, Res>> {
    const c = slot.conn
    if (c !== undefined && c.usable) return c
    slot.dialing ??= this.dialInto(slot)
    return raceSignal(slot.dialing, signal)
  }

  private dialInto(slot: Slot<Req, Res>): Promise<MuxConnection<Req, Res>> {
    const { codec, heartbeat } = this.options
    return this.options.dial().then(
      (raw) => {
        slot.dialing = undefined
        const conn = new MuxConnection(raw, codec, heartbeat, (dead) => {
          if (slot.conn === dead) slot.conn = undefined
        })
        if (this.closed) conn.close("channel closed")
        else if (conn.usable) slot.conn = conn
        return conn
      },
      (e) => {
        slot.dialing = undefined
        throw e instanceof RpcError ? e : RpcError.of(Code.UNAVAILABLE, (e as Error).message ?? String(e))
      }
    )
  }
}

/** `promise`, or the signal's error as soon as it aborts (the dial itself goes on for other callers). */
const raceSignal = <A>(promise: Promise<A>, signal: AbortSignal): Promise<A> => {
  if (signal.aborted) return Promise.reject(abortError(signal))
  return new Promise<A>((resolve, reject) => {
    const onAbort = () => reject(abortError(signal))
    signal.addEventListener("abort", onAbort, { once: true })
    promise.then(
      (a) => { signal.removeEventListener("abort", onAbort); resolve(a) },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e) }
    )
  })
}
