// An HTTP/1.1 client in a separate Node process that sends each request in two TCP segments (races a server's hand-off).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"

const nodeBin = fileURLToPath(new URL("../../node_modules/.bin/node", import.meta.url))

const clientSource = `
import * as net from "node:net"
const [port, n, path, body] = [Number(process.argv[1]), Number(process.argv[2]), process.argv[3], process.argv[4]]
const request = "POST " + path + " HTTP/1.1\\r\\nHost: a\\r\\nContent-Type: application/json\\r\\nContent-Length: " +
  Buffer.byteLength(body) + "\\r\\nConnection: close\\r\\n\\r\\n" + body
const answers = []
for (let i = 0; i < n; i++) {
  answers.push(await new Promise((resolve) => {
    const s = net.connect(port, "127.0.0.1")
    s.setNoDelay(true)
    let got = ""
    s.on("data", (d) => (got += d))
    s.on("close", () => resolve(got))
    s.on("error", () => {})
    s.on("connect", () => {
      s.write(request.slice(0, -3))
      setImmediate(() => s.write(request.slice(-3)))
    })
  }))
}
process.stdout.write(JSON.stringify(answers))
`

/**
 * Send `n` sequential Connect-JSON POSTs of `body` to `path`, each split into two segments (the last
 * 3 bytes separately), from a child Node process; resolves with the raw HTTP answers.
 */
export const splitHttp1Requests = (port: number, n: number, path: string, body: string): Promise<Array<string>> =>
  new Promise((resolve, reject) => {
    const child = spawn(nodeBin, ["--input-type=module", "-e", clientSource, String(port), String(n), path, body], {
      stdio: ["ignore", "pipe", "inherit"]
    })
    let out = ""
    child.stdout.setEncoding("utf8").on("data", (s: string) => void (out += s))
    child.on("error", reject)
    child.on("close", (code) => {
      if (code !== 0) return reject(new Error(`split client exited with ${code}`))
      try {
        resolve(JSON.parse(out) as Array<string>)
      } catch (e) {
        reject(e)
      }
    })
  })
