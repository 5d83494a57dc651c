// dubbo_json_rpc: turns an InvokeService call into a dubbo-go JSON-RPC HTTP call (as Layotto's filter).
import { Effect, Schema } from "effect"
import { definePlugin } from "@mosaic/kernel"
import { BeforeInvokeKind, type RpcRequest } from "@mosaic/rpc"

/** Sets X-Services / X-Method, JSON content type and accept, and the path to the interface name. */
export const dubboJsonRpc = (request: RpcRequest): RpcRequest => {
  const header = request.header
  header["x-services"] = request.id
  header["x-method"] = request.method
  header["content-type"] = "application/json"
  header["accept"] = "application/json"
  request.method = request.id
  return request
}

export const dubboJsonRpcPlugin = definePlugin(BeforeInvokeKind, {
  name: "dubbo_json_rpc",
  description: "Layotto's dubbo_json_rpc filter: call a dubbo-go jsonrpc service over the http channel",
  config: Schema.Struct({}),
  make: () => Effect.succeed(dubboJsonRpc)
})
