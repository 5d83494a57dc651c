// Shared end-to-end test helpers: clients of the Runtime API, a fake invoker, an ingress starter, buf curl.
export { type Clients, makeClients, type RuntimeClient } from "./clients.ts"
export {
  grpcJsCall, type GrpcJsCallOptions, grpcJsInvoke, type GrpcJsInvokeRequest, type GrpcJsInvokeResponse,
  type GrpcJsResult, type GrpcJsRuntimeClient, makeGrpcJsClient
} from "./grpc-js.ts"
export { type Answer, echoAnswer, type FakeInvoker, makeFakeInvoker, type RecordedCall, untilAborted } from "./fake-invoker.ts"
export { startTestIngress, type TestIngress, withIngress } from "./ingress.ts"
export { bufCurl, type BufCurlOptions, type BufCurlResult } from "./buf-curl.ts"
export { splitHttp1Requests } from "./split-client.ts"
