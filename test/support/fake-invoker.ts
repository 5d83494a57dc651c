// A fake Invoker for tests: records every call and answers from a script (a response, or a thrown RpcError).
import { Layer } from "effect"
import { type InvokeOptions, Invoker, type InvokerShape, type RpcRequest, type RpcResponse } from "@mosaic/rpc"

export type InvokeInput = Omit<RpcRequest, "timeoutMs" | "deadline" | "signal">

export interface RecordedCall {
  readonly request: InvokeInput
  readonly options: InvokeOptions | undefined
  /** Date.now() when the invoker was called. */
  readonly at: number
}

export type Answer = (request: InvokeInput, options: InvokeOptions | undefined) => RpcResponse | Promise<RpcResponse>

export interface FakeInvoker {
  readonly invoker: InvokerShape
  readonly layer: Layer.Layer<Invoker>
  readonly calls: Array<RecordedCall>
  /** Replace the answer for the next calls. */
  answer(next: Answer): void
  last(): RecordedCall
}

/** Default answer: echoes `id:method:data` as text/plain with a custom response header. */
export const echoAnswer: Answer = (request) => ({
  header: { "x-echo-id": request.id },
  contentType: "text/plain",
  data: new TextEncoder().encode(`${request.id}:${request.method}:${new TextDecoder().decode(request.data)}`)
})

export const makeFakeInvoker = (initial: Answer = echoAnswer): FakeInvoker => {
  let answer = initial
  const calls: Array<RecordedCall> = []
  const invoker: InvokerShape = {
    invoke: async (request, options) => {
      calls.push({ request, options, at: Date.now() })
      return answer(request, options)
    }
  }
  return {
    invoker,
    layer: Layer.succeed(Invoker, invoker),
    calls,
    answer: (next) => void (answer = next),
    last: () => {
      const c = calls.at(-1)
      if (c === undefined) throw new Error("the invoker was not called")
      return c
    }
  }
}

/** Wait until the signal aborts, then reject with its reason (for slow fake upstreams). */
export const untilAborted = (signal: AbortSignal | undefined): Promise<never> =>
  new Promise((_, reject) => {
    if (signal === undefined) return
    if (signal.aborted) return reject(signal.reason)
    signal.addEventListener("abort", () => reject(signal.reason), { once: true })
  })
