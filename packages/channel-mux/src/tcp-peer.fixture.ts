// Test fixture (not shipped): a scripted protocol peer on a real TCP port that can hold calls and kill its connections.
import * as net from "node:net"
import { Effect, Layer } from "effect"
import { PipeListeners, type PipeListenersShape, Transport, type TransportShape } from "@mosaic/transport"
import * as NodeTransport from "@mosaic/transport-node"

/** Nothing listens on port 1 here: a dial is refused at once. */
export const REFUSED_ADDRESS = "127.0.0.1:1"

export interface TcpPeer<F> {
  readonly address: string
  /** Every frame received, in order. */
  readonly seen: Array<F>
  /** Resolves once `n` frames were received (rejects after `ms`). */
  waitFor(n: number, ms?: number): Promise<void>
  /** Destroy every open connection (the peer keeps listening). */
  kill(): void
  readonly connections: () => number
  close(): Promise<void>
}

/** A TCP server on 127.0.0.1:0 answering each decoded frame with `answer(frame)` (undefined = no answer). */
export const startTcpPeer = async <F>(
  decoder: () => { push(chunk: Uint8Array): Iterable<{ readonly frame: F }> },
  answer: (frame: F) => Uint8Array | undefined
): Promise<TcpPeer<F>> => {
  const seen: Array<F> = []
  const sockets = new Set<net.Socket>()
  const waiters = new Set<() => void>()
  const server = net.createServer((s) => {
    sockets.add(s)
    s.on("close", () => sockets.delete(s))
    s.on("error", () => {})
    const d = decoder()
    s.on("data", (chunk) => {
      for (const { frame } of d.push(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength))) {
        seen.push(frame)
        const reply = answer(frame)
        if (reply !== undefined) s.write(reply)
      }
      for (const w of waiters) w()
    })
  })
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()))
  return {
    address: `127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    seen,
    waitFor: (n, ms = 10_000) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (seen.length < n) return
        waiters.delete(check)
        clearTimeout(timer)
        resolve()
      }
      const timer = setTimeout(() => { waiters.delete(check); reject(new Error(`peer saw ${seen.length} of ${n} frames`)) }, ms)
      waiters.add(check)
      check()
    }),
    kill: () => { for (const s of sockets) s.destroy() },
    connections: () => sockets.size,
    close: () => new Promise<void>((r) => {
      for (const s of sockets) s.destroy()
      server.close(() => r())
    })
  }
}

/** The Node transport and a pipe registry (with no listener registered) for a channel under test. */
export const nodeTransport = (): Promise<{ transport: TransportShape; pipes: PipeListenersShape }> =>
  Effect.runPromise(Effect.gen(function*() {
    return { transport: yield* Transport, pipes: yield* PipeListeners }
  }).pipe(Effect.provide(Layer.mergeAll(NodeTransport.layer, PipeListeners.layer))))

/** Settles every promise; each outcome with the ms it took from `t0`. */
export const settleTimed = <A>(t0: number, calls: ReadonlyArray<Promise<A>>) =>
  Promise.all(calls.map((p) => p.then(
    (value) => ({ ok: true as const, value, error: undefined, ms: Date.now() - t0 }),
    (error: unknown) => ({ ok: false as const, value: undefined, error, ms: Date.now() - t0 })
  )))
