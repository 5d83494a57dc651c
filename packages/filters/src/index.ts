// @mosaic/filters: built-in invoker filters (dubbo_json_rpc, header transforms).
export { dubboJsonRpc, dubboJsonRpcPlugin } from "./dubbo-json-rpc.ts"
export { headerAfterPlugin, headerBeforePlugin, headerTransform, HeaderTransformConfig } from "./header-transform.ts"

import { dubboJsonRpcPlugin } from "./dubbo-json-rpc.ts"
import { headerAfterPlugin, headerBeforePlugin } from "./header-transform.ts"
/** All built-in filters, for apps that register them together. */
export const filterPlugins = [dubboJsonRpcPlugin, headerBeforePlugin, headerAfterPlugin] as const
