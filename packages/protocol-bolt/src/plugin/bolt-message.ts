// A Bolt request or response as stream filters see it: the header map, the content, the response status; re-encoded when changed.
import { type BoltFrame, encodeFrame } from "../index.ts"
import { BaseMessage, RpcHeaders } from "@mosaic/protocol"

export class BoltMessage extends BaseMessage {
  private readonly frame: BoltFrame

  constructor(frame: BoltFrame, what: string, log: (message: string) => void) {
    super(what, log, frame.content, frame.status)
    this.frame = frame
  }

  get headers(): RpcHeaders {
    return (this.map ??= new RpcHeaders(this.frame.headers, this.what, this.log))
  }

  /** Every field as decoded (v2 CRC recomputed), with the header map, content and status as changed. */
  encode(): Uint8Array {
    const f = this.frame
    return encodeFrame({ ...f, status: this.statusValue, headers: this.changedHeaders() ?? f.headers, content: this.content })
  }
}
