// A @grpc/grpc-js client for the Runtime service, loaded from the .proto with @grpc/proto-loader.
import * as grpc from "@grpc/grpc-js"
import * as loader from "@grpc/proto-loader"
import { protoDir, runtimeProtoPath } from "@mosaic/proto"

const definition = loader.loadSync(runtimeProtoPath, { includeDirs: [protoDir], keepCase: true, longs: String, defaults: true })
const pkg = grpc.loadPackageDefinition(definition) as any
const RuntimeClient = pkg.spec.proto.runtime.v1.Runtime as typeof grpc.Client

export interface GrpcJsResult {
  response: any
  metadata: Record<string, Array<string>>
}

/** One InvokeService call; proto-loader's Any is `{ type_url, value }` (snake_case). */
export const grpcJsInvoke = (port: number, request: unknown, options: { metadata?: Record<string, string>; deadlineMs?: number } = {}): Promise<GrpcJsResult> =>
  new Promise((resolve, reject) => {
    const client = new RuntimeClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure()) as any
    const md = new grpc.Metadata()
    for (const [k, v] of Object.entries(options.metadata ?? {})) md.set(k, v)
    let metadata: Record<string, Array<string>> = {}
    const call = client.InvokeService(request, md, { deadline: Date.now() + (options.deadlineMs ?? 5000) }, (err: Error | null, response: any) => {
      client.close()
      if (err) reject(err)
      else resolve({ response, metadata })
    })
    call.on("metadata", (m: grpc.Metadata) => {
      metadata = Object.fromEntries(Object.entries(m.getMap()).map(([k]) => [k, m.get(k).map(String)]))
    })
  })
