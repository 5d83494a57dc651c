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

/** Make both demo calls against a runtime's gRPC port; returns the answers as text. */
export const runDemoCalls = async (port: number): Promise<{ hello: string; getUser: string }> => {
  const client = createClient(Runtime, createGrpcTransport({ baseUrl: `http://127.0.0.1:${port}` }))
  const text = (b: Uint8Array | undefined) => new TextDecoder().decode(b ?? new Uint8Array(0))
  const hello = await client.invokeService(helloRequest, { timeoutMs: 5000 })
  const user = await client.invokeService(getUserRequest, { timeoutMs: 5000 })
  return { hello: text(hello.data?.value), getUser: text(user.data?.value) }
}
