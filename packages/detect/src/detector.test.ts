// Tests: the detector over in-memory pipes with fake matchers: priority, handover exactly once, limits, timeout, fallback.
import assert from "node:assert/strict"
import { test } from "node:test"
import { createPipe } from "@mosaic/transport"
import type { Connection, ConnectionHandler } from "@mosaic/transport"
import { createDetector } from "./detector.ts"
import { bytes, fakeTimers, flush, recorder, rejects, type Taken } from "./test-kit.fixture.ts"
import type { Matcher } from "./types.ts"

/** Matches when the bytes start with `prefix`; "again" on a prefix of it. */
const prefix = (p: string): Matcher => {
  const want = bytes(p)
  return (b) => {
    const n = Math.min(b.length, want.length)
    for (let i = 0; i < n; i++) if (b[i] !== want[i]) return "no-match"
    return n === want.length ? "match" : "again"
  }
}

test("the chosen handler gets the detection bytes first, then the rest, once and in order, even when set late", async () => {
  for (const late of [false, true]) {
    const taken: Array<Taken> = []
    let release!: () => void
    const gate = late ? () => new Promise<void>((r) => (release = r)) : undefined
    const det = createDetector({ protocols: [recorder("abc", prefix("ABC"), taken, gate), recorder("xyz", prefix("XYZ"), taken)] })
    const [client, server] = createPipe()
    det.accept(server)
    client.write(bytes("AB"))
    await flush()
    assert.equal(taken.length, 0)
    assert.equal(det.pending, 1)
    client.write(bytes("C-one"))
    client.write(bytes("-two"))
    await flush()
    assert.equal(taken.length, 1)
    assert.equal(det.pending, 0)
    assert.equal(new TextDecoder().decode(taken[0]!.peek), "ABC-one")
    client.write(bytes("-three"))
    await flush()
    if (late) release()
    await flush()
    client.write(bytes("-four"))
    client.end()
    await flush()
    assert.equal(new TextDecoder().decode(taken[0]!.all), "ABC-one-two-three-four")
    assert.equal(taken[0]!.closed, true)
    // The handed connection writes to the real one.
    taken[0]!.connection.write(bytes("reply"))
  }
})

test("an earlier protocol saying 'again' holds back a later 'match'; maxBytes then settles on the match", async () => {
  const taken: Array<Taken> = []
  const det = createDetector({ maxBytes: 8, protocols: [recorder("long", prefix("ABCDEFGHIJ"), taken), recorder("short", prefix("AB"), taken)] })
  const [client, server] = createPipe()
  det.accept(server)
  client.write(bytes("ABCDE"))
  await flush()
  assert.equal(taken.length, 0)
  client.write(bytes("FGHIJ"))
  await flush()
  assert.deepEqual(taken.map((t) => t.name), ["long"])
  const [c2, s2] = createPipe()
  det.accept(s2)
  c2.write(bytes("ABCDEFGX"))
  await flush()
  assert.deepEqual(taken.map((t) => t.name), ["long", "short"])
})

test("nothing sent: closed after timeoutMs with reason timeout", async () => {
  const timers = fakeTimers()
  const r = rejects()
  const det = createDetector({ protocols: [recorder("a", prefix("A"), [])], timeoutMs: 1000, timers, onReject: r.onReject })
  const [client, server] = createPipe()
  let clientClosed = false
  client.setHandler({ onData: () => {}, onClose: () => void (clientClosed = true) })
  det.accept(server)
  timers.advance(999)
  await flush()
  assert.equal(r.list.length, 0)
  timers.advance(1)
  await flush()
  assert.deepEqual(r.list, [{ reason: "timeout", remote: "pipe", bytes: 0 }])
  assert.equal(clientClosed, true)
  assert.equal(det.pending, 0)
})

test("garbage: no-match closes at once, endless 'again' closes past maxBytes; the timer is cleared", async () => {
  const timers = fakeTimers()
  const r = rejects()
  const det = createDetector({
    protocols: [recorder("a", prefix("A".repeat(100)), [])], maxBytes: 16, timers, onReject: r.onReject
  })
  const [c1, s1] = createPipe()
  det.accept(s1)
  c1.write(bytes("zzz"))
  const [c2, s2] = createPipe()
  det.accept(s2)
  for (let i = 0; i < 5; i++) c2.write(bytes("AAAA"))
  await flush()
  assert.deepEqual(r.list, [{ reason: "no-match", remote: "pipe", bytes: 3 }, { reason: "too-many-bytes", remote: "pipe", bytes: 16 }])
  assert.equal(s1.closed && s2.closed, true)
  assert.equal(timers.armed, 0)
})

test("fallback gets undecided connections with their bytes; a peer close before a decision is 'closed'", async () => {
  const taken: Array<Taken> = []
  const r = rejects()
  const fallback = recorder("fallback", () => "match", taken)
  const detected: Array<string> = []
  const det = createDetector({
    protocols: [recorder("a", prefix("ABC"), [])], fallback: fallback.handle, onReject: r.onReject,
    onDetect: (name) => void detected.push(name)
  })
  const [client, server] = createPipe()
  det.accept(server)
  client.write(bytes("hello"))
  client.write(bytes(" world"))
  await flush()
  assert.equal(new TextDecoder().decode(taken[0]!.all), "hello world")
  assert.equal(new TextDecoder().decode(taken[0]!.peek), "hello")
  assert.deepEqual(detected, ["fallback"])
  const [c2, s2] = createPipe()
  det.accept(s2)
  c2.write(bytes("AB"))
  c2.end()
  await flush()
  assert.deepEqual(r.list, [{ reason: "closed", remote: "pipe", bytes: 2 }])
  assert.equal(taken.length, 1)
})

test("a throwing matcher counts as no-match; a throwing handler destroys the connection", async () => {
  const taken: Array<Taken> = []
  const det = createDetector({
    protocols: [{ name: "bad", match: () => { throw new Error("x") }, handle: () => {} }, recorder("b", prefix("B"), taken),
      { name: "c", match: prefix("C"), handle: () => { throw new Error("boom") } }]
  })
  const [client, server] = createPipe()
  det.accept(server)
  client.write(bytes("Bee"))
  const [c2, s2] = createPipe()
  det.accept(s2)
  c2.write(bytes("Cee"))
  await flush()
  assert.equal(taken[0]!.name, "b")
  assert.equal(s2.closed, true)
})

test("one byte at a time; pause before setHandler holds the replay until resume", async () => {
  const taken: Array<Taken> = []
  const det = createDetector({ protocols: [recorder("x", prefix("XYZ"), taken), recorder("w", prefix("XYW"), taken)] })
  const [client, server] = createPipe()
  det.accept(server)
  for (const c of "XYW-payload") {
    client.write(bytes(c))
    await flush()
  }
  assert.equal(new TextDecoder().decode(taken[0]!.all), "XYW-payload")
  assert.equal(taken[0]!.name, "w")
  const got: Array<string> = []
  const det2 = createDetector({
    protocols: [{
      name: "p", match: prefix("P"), handle: (conn) => {
        conn.pause()
        conn.setHandler({ onData: (c) => void got.push(new TextDecoder().decode(c)), onClose: () => {} })
        setTimeout(() => conn.resume(), 5)
      }
    }]
  })
  const [c3, s3] = createPipe()
  det2.accept(s3)
  c3.write(bytes("P1"))
  c3.write(bytes("P2"))
  await flush()
  assert.deepEqual(got, [])
  await new Promise((r) => setTimeout(r, 20))
  assert.equal(got.join(""), "P1P2")
})

/** A connection that keeps delivering while paused, like a socket with chunks already in flight. */
const leaky = () => {
  let h: ConnectionHandler | undefined
  const log: Array<string> = []
  const conn: Connection = {
    id: 1, remoteAddress: "10.0.0.1:5555", localAddress: "l", closed: false,
    setHandler: (x) => void (h = x), write: () => true, end: () => {}, destroy: () => {},
    pause: () => void log.push("pause"), resume: () => void log.push("resume")
  }
  return { conn, log, push: (s: string) => h!.onData(bytes(s)), close: () => h!.onClose() }
}

test("chunks that arrive while paused, before and during setHandler, are replayed in order exactly once", () => {
  let handed: Connection | undefined
  const got: Array<string> = []
  let closed = 0
  const det = createDetector({ protocols: [{ name: "a", match: (b) => (b.length < 2 ? "again" : "match"), handle: (c) => void (handed = c) }] })
  const l = leaky()
  det.accept(l.conn)
  l.push("a")
  l.push("b1")
  assert.deepEqual(l.log, ["pause"])
  l.push("2")
  l.push("4")
  assert.equal(got.length, 0)
  handed!.setHandler({
    onData: (c) => {
      got.push(new TextDecoder().decode(c))
      if (got.length === 1) l.push("5") // re-entrant arrival during the replay
    },
    onClose: () => void closed++
  })
  assert.deepEqual(got, ["ab1", "2", "4", "5"])
  assert.deepEqual(l.log, ["pause", "resume"])
  l.push("6")
  handed!.pause()
  l.push("7")
  l.close()
  assert.equal(closed, 0)
  handed!.resume()
  assert.deepEqual(got, ["ab1", "2", "4", "5", "6", "7"])
  assert.equal(closed, 1)
  assert.equal(handed!.remoteAddress, "10.0.0.1:5555")
})
