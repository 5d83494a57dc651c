// Run `buf curl` against a server, asynchronously (spawned, so an in-process server keeps serving).
import { spawn } from "node:child_process"
import { fileURLToPath } from "node:url"
import { protoDir } from "@mosaic/proto"

const bufBin = fileURLToPath(new URL("../../node_modules/.bin/buf", import.meta.url))

export interface BufCurlOptions {
  /** Full URL, e.g. `http://127.0.0.1:1234/spec.proto.runtime.v1.Runtime/InvokeService`. */
  readonly url: string
  readonly protocol: "grpc" | "grpcweb" | "connect"
  /** Request body as JSON (Any needs `@type`, e.g. google.protobuf.StringValue). */
  readonly data: unknown
  /** h2c with prior knowledge (needed for gRPC over cleartext). */
  readonly http2PriorKnowledge?: boolean
  readonly headers?: Record<string, string>
  readonly timeoutMs?: number
}

export interface BufCurlResult {
  readonly exitCode: number | null
  readonly stdout: string
  readonly stderr: string
  /** stdout parsed as JSON when it is JSON. */
  readonly json: unknown
}

export const bufCurl = (o: BufCurlOptions): Promise<BufCurlResult> =>
  new Promise((resolve, reject) => {
    const args = ["curl", "--schema", protoDir, "--protocol", o.protocol, "-d", JSON.stringify(o.data)]
    if (o.http2PriorKnowledge === true) args.push("--http2-prior-knowledge")
    for (const [k, v] of Object.entries(o.headers ?? {})) args.push("-H", `${k}: ${v}`)
    args.push(o.url)
    const child = spawn(bufBin, args, { stdio: ["ignore", "pipe", "pipe"] })
    let stdout = ""
    let stderr = ""
    child.stdout.setEncoding("utf8").on("data", (s: string) => void (stdout += s))
    child.stderr.setEncoding("utf8").on("data", (s: string) => void (stderr += s))
    const timer = setTimeout(() => child.kill("SIGKILL"), o.timeoutMs ?? 20_000)
    child.on("error", (e) => {
      clearTimeout(timer)
      reject(e)
    })
    child.on("close", (exitCode) => {
      clearTimeout(timer)
      let json: unknown
      try {
        json = stdout.trim() === "" ? undefined : JSON.parse(stdout)
      } catch {
        json = undefined
      }
      resolve({ exitCode, stdout, stderr, json })
    })
  })
