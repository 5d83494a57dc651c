// Clients of the Runtime API for end-to-end tests: connect-node (gRPC, Connect, gRPC-Web; h2c and HTTP/1.1) and grpc-js.
import * as http from "node:http"
import { type Client, createClient, type Transport } from "@connectrpc/connect"
import {
  createConnectTransport, createGrpcTransport, createGrpcWebTransport, Http2SessionManager
} from "@connectrpc/connect-node"
import { Runtime, runtimeJsonRegistry } from "@mosaic/proto"
import { type GrpcJsRuntimeClient, makeGrpcJsClient } from "./grpc-js.ts"

export type RuntimeClient = Client<typeof Runtime>

export interface Clients {
  /** gRPC over h2c. */
  readonly grpc: RuntimeClient
  /** Connect (binary) over h2c. */
  readonly connectH2: RuntimeClient
  /** Connect (binary) over HTTP/1.1. */
  readonly connectH1: RuntimeClient
  /** Connect with JSON bodies over HTTP/1.1 (Any payloads need the registry). */
  readonly connectJsonH1: RuntimeClient
  /** gRPC-Web (binary) over HTTP/1.1. */
  readonly grpcWebH1: RuntimeClient
  /** gRPC-Web (binary) over h2c. */
  readonly grpcWebH2: RuntimeClient
  /** @grpc/grpc-js with @grpc/proto-loader (Any is `{ type_url, value }`). */
  readonly grpcJs: GrpcJsRuntimeClient
  /** All connect-node clients, by name (for loops over protocols). */
  readonly connect: ReadonlyArray<readonly [string, RuntimeClient]>
  /** Close every connection the clients opened. */
  close(): void
}

/**
 * Clients for `http://host:port`; `http1Port` when HTTP/1.1 is served on another port. Each h2
 * client has its own session manager and the HTTP/1.1 clients their own agent, closed by `close()`.
 */
export const makeClients = (port: number, options: { host?: string; http1Port?: number } = {}): Clients => {
  const host = options.host ?? "127.0.0.1"
  const baseUrl = `http://${host}:${port}`
  const http1Url = `http://${host}:${options.http1Port ?? port}`
  const managers: Array<Http2SessionManager> = []
  const agent = new http.Agent({ keepAlive: true })
  const h2 = () => {
    const m = new Http2SessionManager(baseUrl)
    managers.push(m)
    return m
  }
  const client = (t: Transport) => createClient(Runtime, t)
  const grpc = client(createGrpcTransport({ baseUrl, sessionManager: h2() }))
  const connectH2 = client(createConnectTransport({ baseUrl, httpVersion: "2", sessionManager: h2() }))
  const connectH1 = client(createConnectTransport({ baseUrl: http1Url, httpVersion: "1.1", nodeOptions: { agent } }))
  const connectJsonH1 = client(createConnectTransport({
    baseUrl: http1Url, httpVersion: "1.1", nodeOptions: { agent }, useBinaryFormat: false,
    jsonOptions: { registry: runtimeJsonRegistry }
  }))
  const grpcWebH1 = client(createGrpcWebTransport({ baseUrl: http1Url, httpVersion: "1.1", nodeOptions: { agent } }))
  const grpcWebH2 = client(createGrpcWebTransport({ baseUrl, httpVersion: "2", sessionManager: h2() }))
  const grpcJs = makeGrpcJsClient(`${host}:${port}`)
  return {
    grpc, connectH2, connectH1, connectJsonH1, grpcWebH1, grpcWebH2, grpcJs,
    connect: [
      ["grpc/h2c", grpc], ["connect/h2c", connectH2], ["connect/http1.1", connectH1],
      ["connect-json/http1.1", connectJsonH1], ["grpc-web/http1.1", grpcWebH1], ["grpc-web/h2c", grpcWebH2]
    ],
    close: () => {
      for (const m of managers) m.abort()
      agent.destroy()
      grpcJs.close()
    }
  }
}
