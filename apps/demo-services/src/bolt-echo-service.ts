// The SOFA Bolt demo upstream: com.example.EchoService (unique name "com.example.EchoService:1.0"), echo and plus.
import { createBoltServer, type RpcServerHandle } from "@mosaic/rpc-server"

export const EchoServiceUniqueName = "com.example.EchoService:1.0"

export const echoServiceMethods = {
  echo: async (s: string): Promise<string> => s,
  plus: async (a: number, b: number): Promise<number> => a + b
}

/** Listens on 127.0.0.1 (port 0 by default) and answers in the Hessian dialect each request used. */
export const startBoltEchoService = (options: { host?: string; port?: number } = {}): Promise<RpcServerHandle> =>
  createBoltServer({ ...options, services: { [EchoServiceUniqueName]: echoServiceMethods } })
