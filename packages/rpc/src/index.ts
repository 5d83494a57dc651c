// @mosaic/rpc: Layotto's RPC model and the Invoker, filter and Channel contracts.
export * from "./types.ts"
export { deadlineExceeded, internal, RpcError, toRpcError, unavailable } from "./rpc-error.ts"
export {
  type AfterInvoke, AfterInvokeKind, type BeforeInvoke, BeforeInvokeKind, type Channel, ChannelKind,
  type InvokeOptions, Invoker, type InvokerShape
} from "./contracts.ts"
