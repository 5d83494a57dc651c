// @mosaic/demo-services: the upstream services of Layotto's RPC demos.
export { startEchoService } from "./echo-service.ts"
export { startUserProvider, UserProviderInterface } from "./user-provider.ts"
export type { ServiceHandle } from "./http-server.ts"
export { echoServiceMethods, EchoServiceUniqueName, startBoltEchoService } from "./bolt-echo-service.ts"
export { startDubboUserProvider, UserClass, userProviderMethods } from "./dubbo-user-provider.ts"
