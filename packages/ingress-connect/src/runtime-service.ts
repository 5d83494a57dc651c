// The Runtime service handlers: InvokeService (Layotto's mapping, Mosaic's fixes) and SayHello.
import { ConnectError, Code as ConnectCode, createContextKey, type HandlerContext, type ServiceImpl } from "@connectrpc/connect"
import { create } from "@bufbuild/protobuf"
import type { LifecycleShape } from "@mosaic/kernel"
import { type InvokeServiceRequest, InvokeResponseSchema, type Runtime, type SayHelloRequest, SayHelloResponseSchema } from "@mosaic/proto"
import type { InvokerShape, RpcHeader } from "@mosaic/rpc"
import { toConnectError } from "./errors.ts"
import { copyResponseHeader, requestHeaderFromHeaders, requestHeaderFromRaw } from "./metadata.ts"
import { isJsonContentType, requestPayload, responseAny } from "./json-any.ts"
import { applyHttpExtension } from "./verb.ts"

/** The raw header pairs of the request (node's `rawHeaders`), set per request by the adapter. */
export const rawHeadersKey = createContextKey<ReadonlyArray<string> | undefined>(undefined, { description: "raw request headers" })

export interface RuntimeServiceDeps {
  readonly invoker: InvokerShape
  readonly lifecycle: LifecycleShape
  /** SayHello instances: service_name -> greeting; empty: any name answers "greeting". */
  readonly hellos: Readonly<Record<string, string>>
  /** Binary clients get typed payload Anys as JSON clients do (the ingress's `typed_any`). */
  readonly typedAny?: boolean
}

const requestHeader = (ctx: HandlerContext): RpcHeader => {
  const raw = ctx.values.get(rawHeadersKey)
  return raw !== undefined && raw.length > 0 ? requestHeaderFromRaw(raw) : requestHeaderFromHeaders(ctx.requestHeader)
}

/**
 * Count the call in the lifecycle and map any error. A call that reached the handler was accepted, so it
 * runs even while draining (the listener stopped accepting and h2 connections got GOAWAY already).
 */
const guarded = async <A>(lifecycle: LifecycleShape, run: () => Promise<A>): Promise<A> => {
  lifecycle.enter()
  try {
    return await run()
  } catch (e) {
    throw toConnectError(e)
  } finally {
    lifecycle.exit()
  }
}

export const invokeService = (deps: RuntimeServiceDeps) =>
  (req: InvokeServiceRequest, ctx: HandlerContext) =>
    guarded(deps.lifecycle, async () => {
      const msg = req.message
      const typed = deps.typedAny === true || isJsonContentType(ctx.requestHeader.get("content-type"))
      const header = requestHeader(ctx)
      applyHttpExtension(header, msg?.httpExtension)
      const timeoutMs = ctx.timeoutMs()
      const options = timeoutMs === undefined
        ? { signal: ctx.signal }
        : { signal: ctx.signal, clientDeadline: Date.now() + timeoutMs }
      const resp = await deps.invoker.invoke({
        id: req.id,
        method: msg?.method ?? "",
        contentType: msg?.contentType ?? "",
        header,
        data: requestPayload(msg?.data, typed)
      }, options)
      copyResponseHeader(resp.header, ctx.responseHeader)
      return create(InvokeResponseSchema, {
        data: responseAny(resp.data, typed),
        contentType: resp.contentType
      })
    })

/**
 * Layotto's helloworld: the greeting of the instance named `service_name`, plus ", " + name when a
 * name is given; the request's data is echoed. With no instance configured every name answers
 * "greeting" (a connectivity check that works out of the box); an unknown name among configured
 * ones is NOT_FOUND (Layotto: UNKNOWN "no instance found").
 */
export const sayHello = (deps: RuntimeServiceDeps) =>
  (req: SayHelloRequest) =>
    guarded(deps.lifecycle, async () => {
      const names = Object.keys(deps.hellos)
      const greeting = names.length === 0 ? "greeting" : Object.hasOwn(deps.hellos, req.serviceName) ? deps.hellos[req.serviceName] : undefined
      if (greeting === undefined) {
        throw new ConnectError(`no instance found: no hello instance named "${req.serviceName}"`, ConnectCode.NotFound)
      }
      return create(SayHelloResponseSchema, {
        hello: req.name === "" ? greeting : `${greeting}, ${req.name}`,
        ...(req.data === undefined ? {} : { data: req.data })
      })
    })

export const runtimeService = (deps: RuntimeServiceDeps): ServiceImpl<typeof Runtime> => ({
  invokeService: invokeService(deps),
  sayHello: sayHello(deps)
})
