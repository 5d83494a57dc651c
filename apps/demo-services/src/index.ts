// @mosaic/demo-services: the upstream services of Layotto's RPC demos.
export { startEchoService } from "./echo-service.ts"
export { startUserProvider, UserProviderInterface } from "./user-provider.ts"
export type { ServiceHandle } from "./http-server.ts"
