// A small node:http server handle shared by the demo services (binds, reports its port, closes).
import * as http from "node:http"
import type { AddressInfo } from "node:net"

export interface ServiceHandle {
  readonly port: number
  readonly address: string
  close(): Promise<void>
}

export const listenHttp = (
  handler: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void,
  options: { host?: string; port?: number } = {}
): Promise<ServiceHandle> =>
  new Promise((resolve, reject) => {
    const server = http.createServer((req, res) => {
      const chunks: Array<Buffer> = []
      req.on("data", (c: Buffer) => chunks.push(c))
      req.on("end", () => handler(req, Buffer.concat(chunks), res))
    })
    server.keepAliveTimeout = 60_000
    server.once("error", reject)
    server.listen(options.port ?? 0, options.host ?? "127.0.0.1", () => {
      const a = server.address() as AddressInfo
      resolve({
        port: a.port,
        address: `${a.address}:${a.port}`,
        close: () =>
          new Promise<void>((r) => {
            server.close(() => r())
            server.closeAllConnections()
          })
      })
    })
  })
