// Fallback for an undetected protocol: a raw TCP proxy to a host of one cluster (MOSN fallback_for_unknown_protocol + tcp_proxy).
import { parseHostPort, type Connection } from "@mosaic/transport"
import { admitToCluster, releaseUpstream } from "../cluster/select-upstream.ts"
import type { ProxyContext } from "../context.ts"

export const fallbackTcpProxy = (
  down: Connection, _first: Uint8Array, ctx: ProxyContext, cluster: string, log: (m: string) => void
): void => {
  const choice = admitToCluster(ctx.clusters, cluster, undefined)
  if (typeof choice === "string") {
    log(`auto fallback: closing connection from ${down.remoteAddress}: cluster "${cluster}": ${choice}`)
    return down.destroy()
  }
  const hp = parseHostPort(choice.host.address)!
  const early: Array<Uint8Array> = []
  let up: Connection | undefined
  let done = false
  const finish = () => {
    if (done) return
    done = true
    releaseUpstream(choice)
    ctx.connections.delete(down)
    if (up !== undefined) ctx.connections.delete(up)
    down.end()
    up?.end()
  }
  ctx.connections.add(down)
  // the handover replays the detection bytes first
  down.setHandler({
    onData: (chunk) => (up === undefined ? void early.push(chunk.slice()) : void up.write(chunk)),
    onClose: finish
  })
  ctx.transport.dial({ host: hp.host, port: hp.port, timeoutMs: 3000 }).then((c) => {
    if (done) return c.destroy()
    up = c
    ctx.connections.add(c)
    c.setHandler({ onData: (chunk) => void down.write(chunk), onClose: finish })
    for (const b of early) c.write(b)
    early.length = 0
  }, (e: unknown) => {
    log(`auto fallback: cannot reach ${choice.host.address}: ${e instanceof Error ? e.message : String(e)}`)
    finish()
  })
}
