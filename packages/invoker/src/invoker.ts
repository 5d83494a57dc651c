// The invoker: deadline, before filters, channel choice and call, after filters, error mapping.
import { Code } from "@mosaic/kernel"
import {
  type AfterInvoke, type BeforeInvoke, type InvokeOptions, type InvokerShape, RequestTimeoutMs,
  RpcError, type RpcRequest, type RpcResponse, toRpcError
} from "@mosaic/rpc"
import { effectiveDeadline, requestTimeoutMs } from "./deadline.ts"
import { type ChannelRule, selectChannel } from "./channel-select.ts"

export interface InvokerParts {
  readonly before: ReadonlyArray<BeforeInvoke>
  readonly after: ReadonlyArray<AfterInvoke>
  readonly channels: ReadonlyArray<ChannelRule>
  readonly defaultTimeoutMs: number
}

/** Control keys meant for the runtime; they are not forwarded upstream. */
const controlKeys = [RequestTimeoutMs] as const

export const makeInvoker = (parts: InvokerParts): InvokerShape => ({
  invoke: async (input, options?: InvokeOptions): Promise<RpcResponse> => {
    const now = Date.now()
    const { deadline, timeoutMs } = effectiveDeadline(now, requestTimeoutMs(input.header, parts.defaultTimeoutMs), options?.clientDeadline)
    for (const k of controlKeys) delete input.header[k]
    const controller = new AbortController()
    const timer = setTimeout(() => controller.abort(deadlineError(timeoutMs)), timeoutMs)
    const clientSignal = options?.signal
    const onClientAbort = () => controller.abort(RpcError.of(Code.CANCELLED, "the client cancelled the call"))
    clientSignal?.addEventListener("abort", onClientAbort, { once: true })
    let request: RpcRequest = { ...input, timeoutMs, deadline, signal: controller.signal }
    try {
      for (const f of parts.before) request = await f(request)
      const channel = selectChannel(parts.channels, request)
      if (channel === undefined) {
        throw RpcError.of(Code.NOT_FOUND, `no channel serves id "${request.id}"`)
      }
      let response = await raceAbort(channel.do(request), controller.signal)
      for (const f of parts.after) response = await f(response, request)
      return response
    } catch (e) {
      if (controller.signal.aborted && controller.signal.reason instanceof RpcError) throw controller.signal.reason
      throw toRpcError(e)
    } finally {
      clearTimeout(timer)
      clientSignal?.removeEventListener("abort", onClientAbort)
    }
  }
})

const deadlineError = (timeoutMs: number) => RpcError.of(Code.DEADLINE_EXCEEDED, `request timeout: no answer within ${timeoutMs} ms`)

/** Reject as soon as the signal aborts, even if the channel has not noticed yet. */
const raceAbort = <A>(promise: Promise<A>, signal: AbortSignal): Promise<A> => {
  if (signal.aborted) return Promise.reject(signal.reason)
  return new Promise<A>((resolve, reject) => {
    const onAbort = () => reject(signal.reason)
    signal.addEventListener("abort", onAbort, { once: true })
    promise.then(
      (a) => { signal.removeEventListener("abort", onAbort); resolve(a) },
      (e) => { signal.removeEventListener("abort", onAbort); reject(e) }
    )
  })
}

