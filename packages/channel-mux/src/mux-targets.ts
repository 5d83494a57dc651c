// The channel's pools: one for the configured listener, and one bounded pool per `rpc_target_address`.
import { Code } from "@mosaic/kernel"
import { RpcError, type RpcRequest, TargetAddress } from "@mosaic/rpc"
import { parseHostPort } from "@mosaic/transport"

export interface Closable {
  close(): void
}

/**
 * Layotto dials a new connection per request when `rpc_target_address` is set; Mosaic keeps one
 * pool per distinct address instead (at most `maxTargets`; more is RESOURCE_EXHAUSTED).
 */
export class MuxTargets<P extends Closable> {
  readonly main: P
  private readonly byTarget = new Map<string, P>()
  private readonly make: (address: string) => P
  private readonly maxTargets: number
  private closed = false

  constructor(listener: string, make: (address: string) => P, maxTargets = 64) {
    this.make = make
    this.maxTargets = maxTargets
    this.main = make(listener)
  }

  poolFor(request: RpcRequest): P {
    const target = request.header[TargetAddress]
    if (target === undefined || target === "") return this.main
    if (this.closed) throw RpcError.of(Code.UNAVAILABLE, "channel closed")
    let pool = this.byTarget.get(target)
    if (pool !== undefined) return pool
    if (parseHostPort(target) === undefined) throw RpcError.of(Code.INVALID_ARGUMENT, `${TargetAddress} "${target}" is not host:port`)
    if (this.byTarget.size >= this.maxTargets) {
      throw RpcError.of(Code.RESOURCE_EXHAUSTED, `too many distinct ${TargetAddress} values (${this.maxTargets})`)
    }
    pool = this.make(target)
    this.byTarget.set(target, pool)
    return pool
  }

  close(): void {
    this.closed = true
    this.main.close()
    for (const p of this.byTarget.values()) p.close()
    this.byTarget.clear()
  }
}
