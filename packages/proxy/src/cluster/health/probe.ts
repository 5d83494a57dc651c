// One health check over the Transport: connect, write the session's request, read until a verdict, timeout, cancel.
import type { Connection, TransportShape } from "@mosaic/transport"
import type { Host } from "../host.ts"
import type { HealthCheckSession } from "./health-checker.ts"

export interface Probe {
  /** true = healthy; settles false on refusal, timeout, close or a bad reply. */
  readonly result: Promise<boolean>
  /** Stop now (the result settles false). */
  cancel(): void
}

export const probe = (transport: TransportShape, host: Host, session: HealthCheckSession): Probe => {
  const abort = new AbortController()
  let done = false
  let conn: Connection | undefined
  let settle!: (ok: boolean) => void
  const result = new Promise<boolean>((resolve) => (settle = resolve))
  const finish = (ok: boolean) => {
    if (done) return
    done = true
    clearTimeout(timer)
    abort.abort()
    conn?.destroy()
    settle(ok)
  }
  const timer = setTimeout(() => finish(false), session.timeoutMs)
  transport.dial({ host: host.ip, port: session.port ?? host.port, timeoutMs: session.timeoutMs, signal: abort.signal }).then(
    (c) => {
      if (done) return c.destroy()
      conn = c
      const request = session.request
      if (request === undefined) return finish(true)
      c.setHandler({
        onData: (chunk) => {
          const verdict = session.onData(chunk)
          if (verdict !== undefined) finish(verdict)
        },
        onClose: () => finish(session.onEnd?.() ?? false)
      })
      c.write(request)
    },
    () => finish(false)
  )
  return { result, cancel: () => finish(false) }
}
