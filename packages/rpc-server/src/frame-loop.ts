// The server side of one connection for any protocol on the contract: decode, answer heartbeats, hand requests on, close on a bad frame.
import { isProtocolDecodeError, type Protocol } from "@mosaic/protocol"
import type { Connection } from "@mosaic/transport"
import { errorMessage } from "./java-exception.ts"

export interface FrameHandlers<F> {
  /** A two-way or oneway request (`oneway`: never answered). */
  readonly request: (frame: F, oneway: boolean) => void
  /** Any other frame the protocol does not classify as a request, heartbeat or answer (e.g. an unknown command). */
  readonly other?: (frame: F) => void
}

/** Feed `conn` through `protocol`'s decoder; a decode error closes this connection only, with a logged reason. */
export const serveFrames = <F>(conn: Connection, protocol: Protocol<F>, handlers: FrameHandlers<F>, log: (message: string) => void, closed?: () => void): void => {
  const decoder = protocol.createDecoder()
  const other = handlers.other
  conn.setHandler({
    onData: (chunk) => {
      try {
        decoder.push(chunk)
        for (let d = decoder.read(); d !== undefined; d = decoder.read()) {
          const frame = d.frame
          switch (protocol.kind(frame)) {
            case "request":
              handlers.request(frame, false)
              break
            case "oneway":
              handlers.request(frame, true)
              break
            case "heartbeat": {
              const reply = protocol.heartbeatReply(frame, d.raw)
              if (reply !== undefined) conn.write(reply)
              break
            }
            case "ignore":
            case "goaway":
              other?.(frame)
              break
          }
        }
      } catch (e) {
        const reason = isProtocolDecodeError(e) ? e.reason : "error"
        log(`${protocol.family} server: closing connection from ${conn.remoteAddress}: bad frame (${reason}): ${errorMessage(e)}`)
        conn.destroy()
      }
    },
    onClose: () => closed?.()
  })
}
