// `npm run gateway [-- -c config.json]`: run the gateway until SIGINT/SIGTERM.
import { readFileSync } from "node:fs"
import { startGateway } from "./gateway.ts"

const i = process.argv.indexOf("-c")
const path = i >= 0 ? process.argv[i + 1]! : new URL("../configs/gateway.json", import.meta.url).pathname
const gateway = await startGateway(JSON.parse(readFileSync(path, "utf8")))
console.log(`mosaic gateway listening: ${JSON.stringify(gateway.ports)}`)
const stop = () => void gateway.stop().then(() => process.exit(0))
process.once("SIGINT", stop)
process.once("SIGTERM", stop)
