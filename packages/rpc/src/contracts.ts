// The RPC extension points: invoker, invoke filters and channels, as services and plugin kinds.
import { Context } from "effect"
import { kind } from "@mosaic/kernel"
import type { PipeListeners, Transport } from "@mosaic/transport"
import type { RpcRequest, RpcResponse } from "./types.ts"

/** Runs before the channel; may change or replace the request. Throw an RpcError to stop the call. */
export type BeforeInvoke = (request: RpcRequest) => RpcRequest | Promise<RpcRequest>
/** Runs after the channel; may change or replace the response. */
export type AfterInvoke = (response: RpcResponse, request: RpcRequest) => RpcResponse | Promise<RpcResponse>

/** Sends a request in its protocol and returns the answer; rejects with an RpcError. */
export interface Channel {
  readonly protocol: string
  do(request: RpcRequest): Promise<RpcResponse>
}

export interface InvokeOptions {
  /** The client's own deadline (absolute, Date.now() based), if it sent one. */
  readonly clientDeadline?: number
  /** Aborted when the client cancels. */
  readonly signal?: AbortSignal
}

export interface InvokerShape {
  /** Apply deadlines, run filters, pick a channel and call it. Rejects with an RpcError. */
  invoke(request: Omit<RpcRequest, "timeoutMs" | "deadline" | "signal">, options?: InvokeOptions): Promise<RpcResponse>
}

export class Invoker extends Context.Service<Invoker, InvokerShape>()("@mosaic/rpc/Invoker") {}

export const BeforeInvokeKind = kind<BeforeInvoke>("before_invoke")
export const AfterInvokeKind = kind<AfterInvoke>("after_invoke")
/** A channel plugin is named by its protocol ("http", "bolt", "boltv2", "dubbo"); it dials through TCP or a proxy listener's pipe. */
export const ChannelKind = kind<Channel, never, Transport | PipeListeners>("channel")
