// Per-connection protocol detection (Kitex detection handler, MOSN "Auto"): buffer the first bytes, run the matchers in order, pin one.
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import { HandoverConnection } from "./handover.ts"
import type { ConnectionTaker, DetectorOptions, DetectProtocol, Detector, MatchResult, RejectReason, Timers } from "./types.ts"

export const DEFAULT_MAX_BYTES = 64
export const DEFAULT_TIMEOUT_MS = 5000

const globalTimers: Timers = {
  setTimeout: (fn, ms) => globalThis.setTimeout(fn, ms),
  clearTimeout: (h) => globalThis.clearTimeout(h as ReturnType<typeof globalThis.setTimeout>)
}

/** A throwing matcher is treated as "no-match": one bad plugin must not take the port down. */
const safeMatch = (p: DetectProtocol, bytes: Uint8Array): MatchResult => {
  try {
    return p.match(bytes)
  } catch {
    return "no-match"
  }
}

/**
 * Priority rule: on each arrival the matchers run in the configured order; the first "match" wins unless
 * an earlier protocol still says "again", in which case detection waits for more bytes. When waiting must
 * end (maxBytes reached, or the timeout), the first "match" is taken after all; without one the connection
 * goes to the fallback, or is closed and reported. The decision is made once per connection.
 */
export const createDetector = (options: DetectorOptions): Detector => {
  const protocols = [...options.protocols]
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  const timers = options.timers ?? globalTimers
  let pending = 0

  const accept = (conn: Connection): void => {
    let buf = new Uint8Array(Math.min(maxBytes, 256))
    let len = 0
    let state: "detecting" | "handed" | "done" = "detecting"
    let handover: HandoverConnection | undefined
    pending++

    const finish = (): void => {
      timers.clearTimeout(timer)
      pending--
    }

    const hand = (name: string, take: ConnectionTaker): void => {
      finish()
      state = "handed"
      const first = buf.subarray(0, len)
      handover = new HandoverConnection(conn, first)
      options.onDetect?.(name, handover)
      try {
        take(handover, first)
      } catch (e) {
        conn.destroy(e instanceof Error ? e : new Error(String(e)))
      }
    }

    const reject = (reason: RejectReason): void => {
      finish()
      state = "done"
      options.onReject?.({ reason, remote: conn.remoteAddress, bytes: len })
      conn.destroy()
    }

    const giveUp = (reason: RejectReason): void => {
      if (options.fallback !== undefined) hand("fallback", options.fallback)
      else reject(reason)
    }

    /** `final`: no more bytes will be waited for, so "again" counts as "no-match". */
    const decide = (final: RejectReason | undefined): void => {
      const bytes = buf.subarray(0, len)
      let waiting = false
      for (const p of protocols) {
        const r = safeMatch(p, bytes)
        if (r === "match") {
          if (!waiting || final !== undefined) return hand(p.name, p.handle)
          return
        }
        if (r === "again") waiting = true
      }
      if (!waiting) return giveUp("no-match")
      if (final !== undefined) return giveUp(final)
    }

    const handler: ConnectionHandler = {
      onData(chunk) {
        if (state === "handed") return handover!.data(chunk)
        if (state === "done") return
        if (len + chunk.length > buf.length) {
          const next = new Uint8Array(Math.max(len + chunk.length, 2 * buf.length))
          next.set(buf.subarray(0, len))
          buf = next
        }
        buf.set(chunk, len)
        len += chunk.length
        decide(undefined)
        if (state === "detecting" && len >= maxBytes) decide("too-many-bytes")
      },
      onClose(error) {
        if (state === "handed") return handover!.close(error)
        if (state === "detecting") reject("closed")
      },
      onDrain() {
        if (state === "handed") handover!.drainNow()
      }
    }

    const timer = timers.setTimeout(() => {
      if (state === "detecting") decide("timeout")
    }, timeoutMs)
    conn.setHandler(handler)
  }

  return {
    accept,
    get pending() {
      return pending
    }
  }
}
