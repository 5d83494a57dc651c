// What the Bolt, Dubbo and Thrift filter views share: the body and status as changed, the lazy header map, `changed`.
import type { XMessage } from "./protocol.ts"
import type { XHeaders } from "./x-headers.ts"

export abstract class BaseXMessage implements XMessage {
  /** "bolt request", "dubbo response", ...: names the message in logs. */
  protected readonly what: string
  protected readonly log: (message: string) => void
  /** The header view, once a filter asked for it. */
  protected map: XHeaders | undefined = undefined
  protected content: Uint8Array
  protected bodySet = false
  protected statusValue: number
  protected statusSet = false

  constructor(what: string, log: (message: string) => void, content: Uint8Array, status: number) {
    this.what = what
    this.log = log
    this.content = content
    this.statusValue = status
  }

  abstract get headers(): XHeaders
  abstract encode(): Uint8Array

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
  /** The header entries when a filter changed them, else undefined (encode the decoded ones). */
  protected changedHeaders(): ReadonlyMap<string, string> | undefined {
    return this.map !== undefined && this.map.changed ? (this.map.entries as ReadonlyMap<string, string>) : undefined
  }
}
