// Layotto's http demo upstream (demo/rpc/http/echoserver): answers "<METHOD> <URI> \n <body>" on any path.
import { listenHttp, type ServiceHandle } from "./http-server.ts"

export const startEchoService = (options: { host?: string; port?: number } = {}): Promise<ServiceHandle> =>
  listenHttp((req, body, res) => {
    const text = `${req.method} ${req.url} \n ${body.toString("utf8")}`
    res.writeHead(200, { "content-type": "text/plain; charset=utf-8" })
    res.end(text)
  }, options)
