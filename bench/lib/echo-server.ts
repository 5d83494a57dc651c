// The benchmark backend: node:http on 127.0.0.1, GET -> "hello world\n", POST -> the body; keep-alive. Prints READY <port>.
import * as http from "node:http"
import type { AddressInfo } from "node:net"

const HELLO = Buffer.from("hello world\n")
const server = http.createServer((req, res) => {
  if (req.method === "POST") {
    const chunks: Array<Buffer> = []
    req.on("data", (c: Buffer) => chunks.push(c))
    req.on("end", () => res.end(Buffer.concat(chunks)))
    return
  }
  res.end(HELLO)
})
server.keepAliveTimeout = 65_000
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  console.log(`READY ${(server.address() as AddressInfo).port}`)
})
process.on("SIGTERM", () => server.close(() => process.exit(0)))
