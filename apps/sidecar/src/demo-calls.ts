// The two Layotto demo calls (http echo, dubbo_json_rpc UserProvider) as a reusable function.
import { create } from "@bufbuild/protobuf"
import { createClient } from "@connectrpc/connect"
import { createGrpcTransport } from "@connectrpc/connect-node"
import { HTTPExtension_Verb, InvokeServiceRequestSchema, Runtime } from "@mosaic/proto"

export const helloRequest = create(InvokeServiceRequestSchema, {
  id: "HelloService:1.0",
  message: { method: "/hello", data: { value: new TextEncoder().encode("hello runtime") } }
})

export const getUserRequest = create(InvokeServiceRequestSchema, {
  id: "org.apache.dubbo.samples.UserProvider",
  message: {
    method: "GetUser",
    data: { value: new TextEncoder().encode('{"jsonrpc":"2.0","method":"GetUser","params":["A003"],"id":9527}') },
    httpExtension: { verb: HTTPExtension_Verb.POST }
  }
})

/** Bolt generic JSON invoke: the id is the SOFA service unique name; the channel builds the SofaRequest. */
export const boltEchoRequest = create(InvokeServiceRequestSchema, {
  id: "com.example.EchoService:1.0",
  message: {
    method: "echo",
    contentType: "application/json",
    data: { value: new TextEncoder().encode('{"argTypes":["java.lang.String"],"args":["hello bolt"]}') }
  }
})

/** Dubbo generic JSON invoke: `interface:version`; the channel builds the Dubbo request. */
export const dubboGetUserRequest = create(InvokeServiceRequestSchema, {
  id: "org.apache.dubbo.samples.UserProvider:1.0.0",
  message: {
    method: "GetUser",
    contentType: "application/json",
    data: { value: new TextEncoder().encode('{"argTypes":["java.lang.String"],"args":["A003"]}') }
  }
})

export interface DemoAnswers {
  readonly hello: string
  readonly getUser: string
  readonly boltEcho: string
  readonly dubboGetUser: string
}

/** Make the demo calls against a runtime's gRPC port; returns the answers as text. */
export const runDemoCalls = async (port: number): Promise<DemoAnswers> => {
  const client = createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }))
  const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array(0))
  const call = async (req: typeof helloRequest) => text((await client.invokeService(req, { timeoutMs: 5000 })).data?.value)
  return {
    hello: await call(helloRequest),
    getUser: await call(getUserRequest),
    boltEcho: await call(boltEchoRequest),
    dubboGetUser: await call(dubboGetUserRequest)
  }
}
