// The dubbo-go jsonrpc sample's UserProvider (rpc/jsonrpc/go-server): JSON-RPC 2.0 over HTTP POST /<interface>.
import { listenHttp, type ServiceHandle } from "./http-server.ts"

export const UserProviderInterface = "org.apache.dubbo.samples.UserProvider"

interface User { id: string; name: string; age: number; time: number; sex: "MAN" | "WOMAN" }

/** The sample's users; `time` is fixed so answers are reproducible. */
const users: Record<string, User> = {
  A000: { id: "000", name: "Alex Stocks", age: 31, time: 703394193, sex: "MAN" },
  A001: { id: "001", name: "ZhangSheng", age: 18, time: 703394193, sex: "MAN" },
  A002: { id: "002", name: "Lily", age: 20, time: 703394193, sex: "WOMAN" },
  A003: { id: "113", name: "Moorse", age: 30, time: 703394193, sex: "MAN" }
}

const methods: Record<string, (params: Array<unknown>) => unknown> = {
  GetUser: (params) => {
    const user = users[String(params[0])]
    if (user === undefined) throw new Error(`invalid user id: ${String(params[0])}`)
    return user
  },
  GetUsers: (params) => (params[0] as Array<string>).map((id) => users[id]).filter((u) => u !== undefined)
}

export const startUserProvider = (options: { host?: string; port?: number } = {}): Promise<ServiceHandle> =>
  listenHttp((req, body, res) => {
    // dubbo-go echoes the request headers back.
    for (const [k, v] of Object.entries(req.headers)) {
      if (k === "content-length" || k === "connection" || k === "transfer-encoding" || v === undefined) continue
      res.setHeader(k, v)
    }
    const send = (status: number, payload: unknown) => {
      res.statusCode = status
      res.setHeader("content-type", "application/json")
      res.end(JSON.stringify(payload))
    }
    const ct = (req.headers["content-type"] ?? "").split(";")[0]!.trim()
    if (req.method !== "POST" || (ct !== "application/json" && ct !== "application/json-rpc")) {
      return send(500, { jsonrpc: "2.0", id: null, error: { code: -32600, message: "invalid request: POST with application/json expected" } })
    }
    const service = (req.url ?? "/").split("?")[0]!.replace(/^\//, "")
    let call: { id?: unknown; method?: unknown; params?: unknown }
    try {
      call = JSON.parse(body.toString("utf8"))
    } catch {
      return send(500, { jsonrpc: "2.0", id: null, error: { code: -32700, message: "parse error" } })
    }
    const id = call.id ?? null
    const method = typeof call.method === "string" ? methods[call.method] : undefined
    if (service !== UserProviderInterface || method === undefined) {
      return send(500, { jsonrpc: "2.0", id, error: { code: -32601, message: `method not found: ${service}.${String(call.method)}` } })
    }
    try {
      send(200, { jsonrpc: "2.0", id, result: method(Array.isArray(call.params) ? call.params : []) })
    } catch (e) {
      send(500, { jsonrpc: "2.0", id, error: { code: -32000, message: (e as Error).message } })
    }
  }, options)
