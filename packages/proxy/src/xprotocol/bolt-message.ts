// A Bolt request or response as stream filters see it: the header map, the content, the response status; re-encoded when changed.
import { type BoltFrame, encodeFrame } from "@mosaic/protocol-bolt"
import type { XMessage } from "./protocol.ts"
import { XHeaders } from "./x-headers.ts"

export class BoltMessage implements XMessage {
  private readonly frame: BoltFrame
  private readonly what: string
  private readonly log: (message: string) => void
  private map: XHeaders | undefined = undefined
  private content: Uint8Array
  private bodySet = false
  private statusValue: number
  private statusSet = false

  constructor(frame: BoltFrame, what: string, log: (message: string) => void) {
    this.frame = frame
    this.what = what
    this.log = log
    this.content = frame.content
    this.statusValue = frame.status
  }

  get headers(): XHeaders {
    return (this.map ??= new XHeaders(this.frame.headers, this.what, this.log))
  }
  get body(): Uint8Array {
    return this.content
  }
  set body(b: Uint8Array) {
    this.content = b
    this.bodySet = true
  }
  get status(): number {
    return this.statusValue
  }
  set status(s: number) {
    this.statusValue = s
    this.statusSet = true
  }
  get changed(): boolean {
    return this.bodySet || this.statusSet || (this.map !== undefined && this.map.changed)
  }

  /** Every field as decoded (v2 CRC recomputed), with the header map, content and status as changed. */
  encode(): Uint8Array {
    const f = this.frame
    const headers = this.map !== undefined && this.map.changed ? (this.map.entries as ReadonlyMap<string, string>) : f.headers
    return encodeFrame({ ...f, status: this.statusValue, headers, content: this.content })
  }
}
