// Layotto's RPC model: the request a client asks for and the response a channel returns.

/** Header map: lower-case keys, multi-values joined with "," (Layotto's RPCHeader.Get). */
export type RpcHeader = Record<string, string>

/** Control metadata keys (Layotto components/rpc/types.go). */
export const TargetAddress = "rpc_target_address"
export const RequestTimeoutMs = "rpc_request_timeout"
export const RequestType = "rpc_request_type"
export const Oneway = "oneway"
export const DefaultRequestTimeoutMs = 3000

export interface RpcRequest {
  /** Target service id (e.g. "HelloService:1.0" or a Java interface name). */
  id: string
  method: string
  /** `CommonInvokeRequest.content_type`; "" when unset. */
  contentType: string
  header: RpcHeader
  data: Uint8Array
  /** Effective timeout in ms (set by the invoker). */
  timeoutMs: number
  /** Absolute deadline, `Date.now()` based (set by the invoker). */
  deadline: number
  /** Aborted at the deadline or when the client goes away. */
  signal: AbortSignal
}

export interface RpcResponse {
  header: RpcHeader
  contentType: string
  data: Uint8Array
}

export const emptyResponse = (): RpcResponse => ({ header: {}, contentType: "", data: new Uint8Array(0) })
