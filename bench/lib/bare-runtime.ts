// The sidecar benchmark's peer: a bare connect-node server (h2c) that answers InvokeService itself
// with what the benchmark backend answers a GET ("hello world\n"). Prints READY <port>.
import * as http2 from "node:http2"
import type { AddressInfo } from "node:net"
import { connectNodeAdapter } from "@connectrpc/connect-node"
import { Runtime, runtimeJsonRegistry } from "@mosaic/proto"

const HELLO = new TextEncoder().encode("hello world\n")
const handler = connectNodeAdapter({
  jsonOptions: { registry: runtimeJsonRegistry },
  routes: (router) =>
    router.service(Runtime, {
      invokeService: () => ({ contentType: "text/plain", data: { typeUrl: "", value: HELLO } }),
      sayHello: () => ({ hello: "greeting" })
    })
})
const server = http2.createServer(handler)
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => console.log(`READY ${(server.address() as AddressInfo).port}`))
process.on("SIGTERM", () => server.close(() => process.exit(0)))
