// `npm run demo`: the two Layotto demo calls against a running runtime (default 127.0.0.1:34904).
import { runDemoCalls } from "./demo-calls.ts"

const port = Number(process.env.MOSAIC_PORT ?? 34904)
try {
  const { hello, getUser } = await runDemoCalls(port)
  console.log(`InvokeService HelloService:1.0 /hello -> ${JSON.stringify(hello)}`)
  console.log(`InvokeService org.apache.dubbo.samples.UserProvider GetUser -> ${getUser}`)
} catch (e) {
  console.error(`demo call failed: ${(e as Error).message} (is \`npm start\` running?)`)
  process.exit(1)
}
