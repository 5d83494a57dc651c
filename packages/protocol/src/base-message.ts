// What the RPC message views share: the body and status as changed, the lazy header map, `changed`.
import type { Message } from "./message.ts"
import type { RpcHeaders } from "./rpc-headers.ts"

export abstract class BaseMessage implements Message {
  /** "bolt request", "dubbo response", ...: names the message in logs. */
  protected readonly what: string
  protected readonly log: (message: string) => void
  /** The header view, once a filter asked for it. */
  protected map: RpcHeaders | undefined = undefined
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

  abstract get headers(): RpcHeaders
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
