// The Bolt/Dubbo benchmark backend: Mosaic's rpc-server with an echo service, on 127.0.0.1. Usage: <bolt|dubbo> [port]. Prints READY <port>.
import { createBoltServer, createDubboServer } from "@mosaic/rpc-server"
import { BOLT_SERVICE, DUBBO_SERVICE } from "./rpc-load.ts"

const protocol = process.argv[2] ?? "bolt"
const port = Number(process.argv[3] ?? 0)
const echo = async (s: unknown) => s
const server = protocol === "dubbo"
  ? await createDubboServer({ port, services: { [DUBBO_SERVICE]: { version: "1.0.0", methods: { echo } } } })
  : await createBoltServer({ port, services: { [BOLT_SERVICE]: { echo } } })
console.log(`READY ${server.port}`)
process.on("SIGTERM", () => void server.close().then(() => process.exit(0)))
