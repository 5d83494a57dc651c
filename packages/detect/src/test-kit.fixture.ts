// Test helpers: pipe flushing, a fake clock for the detector, and a protocol entry that records what its handler receives.
import type { Connection } from "@mosaic/transport"
import type { DetectProtocol, Matcher, RejectInfo, Timers } from "./types.ts"

/** Lets the in-memory pipe deliver what was written (it schedules delivery with queueMicrotask). */
export const flush = async (): Promise<void> => {
  for (let i = 0; i < 8; i++) await Promise.resolve()
}

export const bytes = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0))
export const concat = (...bs: ReadonlyArray<Uint8Array>): Uint8Array => {
  const out = new Uint8Array(bs.reduce((n, b) => n + b.length, 0))
  let o = 0
  for (const b of bs) {
    out.set(b, o)
    o += b.length
  }
  return out
}

export interface FakeTimers extends Timers {
  /** Runs every timer due at or before `ms` from the start. */
  advance(ms: number): void
  readonly armed: number
}

export const fakeTimers = (): FakeTimers => {
  let now = 0
  let timers: Array<{ at: number; fn: () => void }> = []
  return {
    setTimeout(fn, ms) {
      const t = { at: now + ms, fn }
      timers.push(t)
      return t
    },
    clearTimeout(h) {
      timers = timers.filter((t) => t !== h)
    },
    advance(ms) {
      now += ms
      const due = timers.filter((t) => t.at <= now)
      timers = timers.filter((t) => t.at > now)
      for (const t of due) t.fn()
    },
    get armed() {
      return timers.length
    }
  }
}

/** What one protocol's handler saw: the connection, the peek, every chunk and the close. */
export interface Taken {
  name: string
  connection: Connection
  peek: Uint8Array
  received: Array<Uint8Array>
  closed: boolean
  readonly all: Uint8Array
}

/** A protocol entry whose handler records everything; `delaySetHandler` installs the handler later. */
export const recorder = (name: string, match: Matcher, taken: Array<Taken>, delaySetHandler?: () => Promise<void>): DetectProtocol => ({
  name,
  match,
  handle(connection, peek) {
    const t: Taken = {
      name, connection, peek: peek.slice(), received: [], closed: false,
      get all() {
        return concat(...this.received)
      }
    }
    taken.push(t)
    const install = () => connection.setHandler({
      onData: (c) => void t.received.push(c.slice()),
      onClose: () => void (t.closed = true)
    })
    if (delaySetHandler === undefined) install()
    else void delaySetHandler().then(install)
  }
})

export const rejects = (): { list: Array<RejectInfo>; onReject: (i: RejectInfo) => void } => {
  const list: Array<RejectInfo> = []
  return { list, onReject: (i) => void list.push(i) }
}
