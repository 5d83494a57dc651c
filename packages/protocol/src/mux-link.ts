// The one multiplexed client connection core (channels and the proxy upstream): ids wrapping at maxId, the pending map, idle heartbeats, GOAWAY draining, fail-fast death.
import { isProtocolDecodeError, type ProtocolDecodeError } from "./decode-error.ts"
import type { FrameDecoder, Protocol } from "./protocol.ts"

export const MUX_CONNECTING = 0
export const MUX_READY = 1
export const MUX_DEAD = 2

export interface MuxHeartbeat {
  /** Send a heartbeat after this long without reading anything (0 = never). */
  readonly intervalMs: number
  /** A heartbeat not answered within this long counts as a failure. */
  readonly timeoutMs: number
  /** Close the connection after this many consecutive failures. */
  readonly maxFailures: number
}

/**
 * A multiplexed connection speaking `Protocol<F>`, whose waiters `W` (a promise's callbacks, a proxy stream)
 * wait in `pending` by request id. Subclasses own the transport: they call `ready()` once it is open, feed
 * `onData`, and say how to write bytes, hand over an answer, release the transport and fail a waiter.
 */
export abstract class MuxLink<F, W> {
  state = MUX_CONNECTING
  /** GOAWAY received: no new requests; closed once the pending ones are answered. */
  draining = false
  /** Why the connection died (logs, error messages). */
  deathReason = ""
  readonly pending = new Map<number, W>()
  protected readonly proto: Protocol<F>
  private readonly decoder: FrameDecoder<F>
  private readonly hb: MuxHeartbeat
  private nextId = 0
  private wrapped = false
  private readSinceTick = false
  private hbTimer: ReturnType<typeof setInterval> | undefined = undefined
  private hbWait: ReturnType<typeof setTimeout> | undefined = undefined
  private hbId = -1
  private hbFailures = 0

  constructor(proto: Protocol<F>, heartbeat: MuxHeartbeat) {
    this.proto = proto
    this.hb = heartbeat
    this.decoder = proto.createDecoder()
  }

  /** Write bytes of our own (heartbeats, heartbeat replies). */
  protected abstract writeFrame(bytes: Uint8Array): void
  /** The answer to `w` (already out of `pending`). */
  protected abstract answered(w: W, frame: F, raw: Uint8Array): void
  /** Close the transport and let go of it (once, before the pending waiters are failed). */
  protected abstract release(reason: string): void
  /** Tell one waiter the connection is gone. */
  protected abstract failPending(w: W, reason: string): void
  /** The peer sent GOAWAY: take this connection out of rotation. */
  protected onGoaway(): void {}
  /** The reason to die for an undecodable frame. */
  protected badFrame(e: ProtocolDecodeError): string {
    return `bad ${this.proto.name} frame from upstream (${e.reason}): ${e.message}`
  }

  /** Open and usable for new requests. */
  get usable(): boolean {
    return this.state === MUX_READY && !this.draining
  }

  /** Ids count up from 1 and wrap at the protocol's maximum; after a wrap, ids still pending are skipped. */
  allocateId(): number {
    const max = this.proto.maxId
    let id = this.nextId + 1
    if (id > max) {
      id = 1
      this.wrapped = true
    }
    if (this.wrapped) {
      while (this.pending.has(id) || id === this.hbId) id = id >= max ? 1 : id + 1
    }
    this.nextId = id
    return id
  }

  /** The transport is open: start the idle heartbeats (when configured and the protocol has them). */
  protected ready(): void {
    this.state = MUX_READY
    if (this.hb.intervalMs <= 0 || this.proto.heartbeat(0) === undefined) return
    this.hbTimer = setInterval(() => this.tick(), this.hb.intervalMs)
    ;(this.hbTimer as { unref?: () => void }).unref?.()
  }

  /** `w` left `pending` early (deadline, answered elsewhere): a draining connection closes once empty. */
  protected left(): void {
    if (this.draining && this.pending.size === 0) this.die("drained after GOAWAY")
  }

  onData(chunk: Uint8Array): void {
    if (this.state !== MUX_READY) return
    this.readSinceTick = true
    const proto = this.proto
    const d = this.decoder
    try {
      d.push(chunk)
      for (let r = d.read(); r !== undefined; r = d.read()) {
        const f = r.frame
        switch (proto.kind(f)) {
          case "response": {
            const id = proto.requestId(f)
            const w = this.pending.get(id)
            if (w !== undefined) {
              this.pending.delete(id)
              this.answered(w, f, r.raw)
            } else if (id === this.hbId) this.heartbeatAcked()
            break
          }
          case "heartbeat-ack":
            if (proto.requestId(f) === this.hbId) this.heartbeatAcked()
            break
          case "heartbeat": {
            const reply = proto.heartbeatReply(f, r.raw)
            if (reply !== undefined) this.writeFrame(reply)
            break
          }
          case "goaway":
            if (!this.draining) {
              this.draining = true
              this.onGoaway()
            }
            break
        }
        if (this.state !== MUX_READY) return
      }
    } catch (e) {
      if (!isProtocolDecodeError(e)) throw e
      return this.die(this.badFrame(e))
    }
    if (this.draining && this.pending.size === 0) this.die("drained after GOAWAY")
  }

  /** Close now: the transport is released and every pending waiter fails at once. */
  die(reason: string): void {
    if (this.state === MUX_DEAD) return
    this.state = MUX_DEAD
    this.deathReason = reason
    clearInterval(this.hbTimer)
    clearTimeout(this.hbWait)
    this.release(reason)
    if (this.pending.size > 0) {
      const waiters = [...this.pending.values()]
      this.pending.clear()
      for (const w of waiters) this.failPending(w, reason)
    }
  }

  /** After an interval without reading anything, send a heartbeat; too many unanswered ones close the connection. */
  private tick(): void {
    if (this.state !== MUX_READY || this.hbWait !== undefined) return
    if (this.readSinceTick) {
      this.readSinceTick = false
      return
    }
    const id = this.allocateId()
    this.hbId = id
    this.writeFrame(this.proto.heartbeat(id)!)
    this.hbWait = setTimeout(() => {
      this.hbWait = undefined
      this.hbId = -1
      if (++this.hbFailures >= this.hb.maxFailures) this.die(`${this.hbFailures} consecutive heartbeats failed`)
    }, this.hb.timeoutMs)
    ;(this.hbWait as { unref?: () => void }).unref?.()
  }

  private heartbeatAcked(): void {
    clearTimeout(this.hbWait)
    this.hbWait = undefined
    this.hbId = -1
    this.hbFailures = 0
  }
}
