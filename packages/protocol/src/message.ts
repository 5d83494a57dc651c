// The message view stream filters see: headers, body, status of one request or response; re-encoded when changed.
import type { FrameHeaders } from "./header-map.ts"

/**
 * A request or response as stream filters see and change it, made on first use. Headers: Bolt header map,
 * Dubbo attachments, TTHeader string infos / THeader headers; frames without any have a read-only empty map.
 */
export interface Message {
  readonly headers: FrameHeaders
  /** Bolt content, Dubbo body, Thrift payload. */
  body: Uint8Array
  /** The protocol's own status (responses; see Protocol.responseStatus). */
  status: number
  /** Headers, body or status were changed: `encode()` makes new bytes. */
  readonly changed: boolean
  /** The frame with the changes, through the protocol package's encoder (its id is set afterwards). */
  encode(): Uint8Array
}
