// A @grpc/grpc-js client of the Runtime API, built from packages/proto's .proto with @grpc/proto-loader.
import * as grpc from "@grpc/grpc-js"
import * as protoLoader from "@grpc/proto-loader"
import { protoDir, runtimeProtoPath } from "@mosaic/proto"

/** proto-loader's shapes (keepCase: false; Any stays `{ type_url, value }`, enums as names). */
export interface GrpcJsAny {
  type_url: string
  value: Uint8Array
}
export interface GrpcJsInvokeRequest {
  id: string
  message?: {
    method?: string
    data?: GrpcJsAny
    contentType?: string
    httpExtension?: { verb?: string | number; querystring?: string }
  }
}
export interface GrpcJsInvokeResponse {
  data: GrpcJsAny | null
  contentType: string
}

/** A grpc-js client of the Runtime service (methods named as in the .proto). */
export type GrpcJsRuntimeClient = grpc.Client & {
  readonly InvokeService: (...args: Array<any>) => grpc.ClientUnaryCall
  readonly SayHello: (...args: Array<any>) => grpc.ClientUnaryCall
}

let cached: grpc.GrpcObject | undefined
const loadRuntime = (): grpc.GrpcObject => {
  if (cached !== undefined) return cached
  const definition = protoLoader.loadSync(runtimeProtoPath, {
    includeDirs: [protoDir], keepCase: false, longs: String, enums: String, defaults: true, oneofs: true
  })
  cached = grpc.loadPackageDefinition(definition)
  return cached
}

/** A grpc-js client for `host:port` (insecure, h2c). */
export const makeGrpcJsClient = (target: string): GrpcJsRuntimeClient => {
  const pkg = loadRuntime() as any
  const Ctor = pkg.spec.proto.runtime.v1.Runtime as grpc.ServiceClientConstructor
  return new Ctor(target, grpc.credentials.createInsecure()) as unknown as GrpcJsRuntimeClient
}

export interface GrpcJsResult<R> {
  readonly response: R
  /** Response header metadata, as a plain object (lower-case keys, first value). */
  readonly headers: Record<string, string>
}

export interface GrpcJsCallOptions {
  readonly metadata?: Record<string, string | ReadonlyArray<string>>
  /** Relative deadline in ms. */
  readonly timeoutMs?: number
}

const toMetadata = (m: GrpcJsCallOptions["metadata"]): grpc.Metadata => {
  const md = new grpc.Metadata()
  for (const [k, v] of Object.entries(m ?? {})) {
    for (const one of typeof v === "string" ? [v] : v) md.add(k, one)
  }
  return md
}

const flat = (md: grpc.Metadata): Record<string, string> => {
  const out: Record<string, string> = {}
  for (const [k, v] of Object.entries(md.getMap())) out[k] = typeof v === "string" ? v : Buffer.from(v).toString()
  return out
}

/** Call a unary method; resolves with response and header metadata, rejects with the grpc-js ServiceError. */
export const grpcJsCall = <R>(
  client: GrpcJsRuntimeClient,
  method: "InvokeService" | "SayHello",
  request: object,
  options: GrpcJsCallOptions = {}
): Promise<GrpcJsResult<R>> =>
  new Promise((resolve, reject) => {
    let headers: Record<string, string> = {}
    const callOptions: grpc.CallOptions = options.timeoutMs === undefined ? {} : { deadline: Date.now() + options.timeoutMs }
    const call = client[method].call(client, request, toMetadata(options.metadata), callOptions, (err: grpc.ServiceError | null, response: R) => {
      if (err !== null) reject(err)
      else resolve({ response, headers })
    })
    call.on("metadata", (md: grpc.Metadata) => void (headers = flat(md)))
  })

/** `InvokeService` through grpc-js. */
export const grpcJsInvoke = (
  client: GrpcJsRuntimeClient,
  request: GrpcJsInvokeRequest,
  options?: GrpcJsCallOptions
): Promise<GrpcJsResult<GrpcJsInvokeResponse>> => grpcJsCall(client, "InvokeService", request, options)
