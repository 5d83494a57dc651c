// `npm run demo`: the Layotto demo calls (http, dubbo_json_rpc) and the Bolt and Dubbo ones against a running runtime (default 127.0.0.1:34904).
import { runDemoCalls } from "./demo-calls.ts"

const port = Number(process.env.MOSAIC_PORT ?? 34904)
try {
  const a = await runDemoCalls(port)
  console.log(`InvokeService HelloService:1.0 /hello (http) -> ${JSON.stringify(a.hello)}`)
  console.log(`InvokeService org.apache.dubbo.samples.UserProvider GetUser (dubbo_json_rpc over http) -> ${a.getUser}`)
  console.log(`InvokeService com.example.EchoService:1.0 echo (bolt, generic JSON) -> ${a.boltEcho}`)
  console.log(`InvokeService org.apache.dubbo.samples.UserProvider:1.0.0 GetUser (dubbo, generic JSON) -> ${a.dubboGetUser}`)
} catch (e) {
  console.error(`demo call failed: ${(e as Error).message} (is \`npm start\` running?)`)
  process.exit(1)
}
