// @mosaic/rpc-server: Mosaic's own Bolt (SOFARPC) and Dubbo servers over the Transport service.
export type { BoltService, DubboService, ListenOptions, Method, RpcServerHandle } from "./types.ts"
export { boltHandler, type BoltHandlerOptions, SERVER_EXCEPTION_CLASS } from "./bolt-handler.ts"
export { dubboHandler, type DubboHandlerOptions, dubboVersionInt, supportsResponseAttachments } from "./dubbo-handler.ts"
export { javaException } from "./java-exception.ts"
export { serve } from "./serve.ts"
export { BoltServer, type BoltServerOptions, DubboServer, type DubboServerOptions, makeBoltServer, makeDubboServer } from "./servers.ts"
export { createBoltServer, createDubboServer } from "./start.ts"
