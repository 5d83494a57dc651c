// `npm start`: the demo services (http echo 8889, JSON-RPC UserProvider 20001, Bolt EchoService 12200,
// Dubbo UserProvider 20880) and a sidecar from configs/demo.json, in this one process.
import { readFileSync } from "node:fs"
import { startBoltEchoService, startDubboUserProvider, startEchoService, startUserProvider } from "@mosaic/demo-services"
import { startFromConfig } from "./main.ts"
import { installProcessSignals } from "./process-signals.ts"

const configUrl = new URL("../configs/demo.json", import.meta.url)
const readConfig = () => JSON.parse(readFileSync(configUrl, "utf8"))
const echo = await startEchoService({ port: 8889 })
const users = await startUserProvider({ port: 20001 })
const bolt = await startBoltEchoService({ port: 12200 })
const dubbo = await startDubboUserProvider({ port: 20880 })
const closeServices = () => Promise.all([echo.close(), users.close(), bolt.close(), dubbo.close()])
const running = await startFromConfig(readConfig()).catch(async (e: { message?: string }) => {
  console.error(`mosaic demo: ${e.message ?? String(e)}`)
  await closeServices()
  process.exit(1)
})
console.log(`mosaic demo: http echo on ${echo.address}, JSON-RPC UserProvider on ${users.address}, Bolt EchoService on 127.0.0.1:${bolt.port}, Dubbo UserProvider on 127.0.0.1:${dubbo.port}`)
console.log(`mosaic demo: runtime gRPC/Connect on 127.0.0.1:${running.handle.ingressPorts[0]}; try \`npm run demo\``)
installProcessSignals({
  log: (line) => console.log(line),
  reload: () =>
    running.reload(readConfig()).then(
      () => console.log("mosaic demo: configs/demo.json reloaded"),
      (e: { message?: string }) => console.error(`mosaic demo: reload refused, the previous config keeps serving: ${e.message ?? String(e)}`)
    ),
  drain: async (why) => {
    console.log(`mosaic demo: ${why}, draining ${running.lifecycle.inFlight()} calls in flight`)
    await running.stop(3000)
    await closeServices()
  }
})
