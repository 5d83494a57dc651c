// The Transport service over node:net: TCP listen (see tcp-listener.ts) and dial with connect timeouts.
import * as net from "node:net"
import { Effect, Layer } from "effect"
import { type Connection, type DialOptions, Transport, TransportError } from "@mosaic/transport"
import { TcpConnection } from "./tcp-connection.ts"
import { TcpListener } from "./tcp-listener.ts"

/** Dial TCP; rejects with a TransportError on refusal, timeout or abort. */
export const dialTcp = (options: DialOptions): Promise<Connection> =>
  new Promise((resolve, reject) => {
    const socket = net.connect({ host: options.host, port: options.port })
    let timer: ReturnType<typeof setTimeout> | undefined
    const fail = (error: TransportError) => {
      cleanup()
      socket.destroy()
      reject(error)
    }
    const onError = (e: Error) =>
      fail(new TransportError({ reason: "ConnectFailed", message: `connect ${options.host}:${options.port}: ${e.message}` }))
    const onAbort = () =>
      fail(new TransportError({ reason: "ConnectTimeout", message: `connect ${options.host}:${options.port}: aborted` }))
    const cleanup = () => {
      if (timer !== undefined) clearTimeout(timer)
      socket.off("error", onError)
      options.signal?.removeEventListener("abort", onAbort)
    }
    socket.once("error", onError)
    socket.once("connect", () => {
      cleanup()
      resolve(new TcpConnection(socket))
    })
    if (options.timeoutMs !== undefined) {
      timer = setTimeout(
        () => fail(new TransportError({ reason: "ConnectTimeout", message: `connect ${options.host}:${options.port}: timed out after ${options.timeoutMs} ms` })),
        options.timeoutMs
      )
    }
    if (options.signal !== undefined) {
      if (options.signal.aborted) onAbort()
      else options.signal.addEventListener("abort", onAbort, { once: true })
    }
  })

export const layer: Layer.Layer<Transport> = Layer.succeed(Transport, Transport.of({
  dial: dialTcp,
  listen: (options, onConnection) =>
    Effect.acquireRelease(
      Effect.tryPromise({
        try: () => {
          const l = new TcpListener(options, onConnection)
          return l.start().then(() => l)
        },
        catch: (e) => new TransportError({ reason: "ListenFailed", message: `listen ${options.host}:${options.port}: ${e instanceof Error ? e.message : String(e)}` })
      }),
      (l) => Effect.promise(() => l.close())
    ).pipe(Effect.map((l) => ({ address: l.address, port: l.port, close: () => l.close() })))
}))
