// The Transport service over node:net: TCP listen and dial with connect timeouts.
import * as net from "node:net"
import { Effect, Layer } from "effect"
import { type Connection, type DialOptions, Transport, TransportError } from "@mosaic/transport"
import { AcceptProblems } from "./accept-problems.ts"
import { TcpConnection } from "./tcp-connection.ts"

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
      Effect.callback<net.Server, TransportError>((resume) => {
        let problems: AcceptProblems | undefined
        const server = net.createServer({ noDelay: true }, (socket) => {
          problems?.accepted()
          onConnection(new TcpConnection(socket))
        })
        // over the cap, the runtime closes the socket at accept (Node, Bun and Deno; only Node and Bun say so)
        const max = options.maxConnections ?? 0
        if (max > 0) server.maxConnections = max
        const listenFailed = (e: Error) =>
          resume(Effect.fail(new TransportError({ reason: "ListenFailed", message: `listen ${options.host}:${options.port}: ${e.message}` })))
        server.once("error", listenFailed)
        server.listen({ host: options.host, port: options.port, backlog: options.backlog ?? 511 }, () => {
          // from now on an 'error' is a failed accept: reported once per episode, never thrown (the port stays open)
          server.off("error", listenFailed)
          const a = server.address() as net.AddressInfo
          problems = new AcceptProblems(`${a.address}:${a.port}`, options.log ?? ((m) => console.warn(m)))
          server.on("error", problems.error)
          if (max > 0) server.on("drop", () => problems!.dropped(max))
          resume(Effect.succeed(server))
        })
      }),
      (server) => Effect.callback<void>((resume) => void server.close(() => resume(Effect.void)))
    ).pipe(Effect.map((server) => {
      const a = server.address() as net.AddressInfo
      return {
        address: `${a.address}:${a.port}`,
        port: a.port,
        close: () => new Promise<void>((r) => server.close(() => r()))
      }
    }))
}))
