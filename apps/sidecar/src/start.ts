// `npm start`: the demo services (echo on 8889, UserProvider on 20001) and a sidecar from configs/demo.json.
import { readFileSync } from "node:fs"
import { startEchoService, startUserProvider } from "@mosaic/demo-services"
import { startFromConfig } from "./main.ts"

const config = JSON.parse(readFileSync(new URL("../configs/demo.json", import.meta.url), "utf8"))
const echo = await startEchoService({ port: 8889 })
const users = await startUserProvider({ port: 20001 })
const running = await startFromConfig(config)
console.log(`mosaic demo: echo service on ${echo.address}, UserProvider on ${users.address}`)
console.log(`mosaic demo: runtime gRPC/Connect on 127.0.0.1:${running.handle.ingressPorts[0]}; try \`npm run demo\``)
const stop = async () => {
  await running.stop(3000)
  await Promise.all([echo.close(), users.close()])
  process.exit(0)
}
process.on("SIGINT", () => void stop())
process.on("SIGTERM", () => void stop())
