// The HTTP and gRPC meta codecs: W3C, B3 and SOFA trace keys, `rpc-persist-*`/`rpc-transit-*`, grpc-timeout.
import { B3, formatB3Single, parseB3Multi, parseB3Single, writeB3Multi } from "./b3.ts"
import { type MetaCodec, type ReadOptions, readPrefixed, readW3C, setKey, type WriteOptions, writePrefixed, writeW3C } from "./codec.ts"
import { formatGrpcTimeout, parseGrpcTimeout } from "./grpc-timeout.ts"
import { getValue, type HeaderView } from "./header-view.ts"
import { emptyMeta, type MetaInfo, parseMs, remainingMs, type TraceContext } from "./meta-info.ts"
import { joinSofa, readSofaBaggage, readSofaTrace } from "./sofa.ts"

export const GrpcTimeout = "grpc-timeout"

/** Trace precedence: `traceparent`, then `b3`, then `x-b3-*`, then SOFA keys (joined as `joinSofa` says). */
const readTrace = (view: HeaderView): TraceContext | undefined => {
  const primary = readW3C(view) ?? parseB3Single(getValue(view, B3, 256)) ?? parseB3Multi(view)
  return joinSofa(primary, readSofaTrace(view))
}

/** Keys are looked up lower-case, as HTTP/2 and gRPC metadata carry them. */
const readText = (view: HeaderView): MetaInfo => {
  const meta = emptyMeta()
  meta.trace = readTrace(view)
  readPrefixed(view, meta)
  readSofaBaggage(view, meta.persistent)
  return meta
}

const writeText = (meta: MetaInfo, view: HeaderView, o: WriteOptions | undefined): void => {
  const overwrite = o?.overwrite ?? false
  const t = meta.trace
  if (t !== undefined) {
    writeW3C(t, view, overwrite)
    if (o?.b3 === "single") setKey(view, B3, formatB3Single(t), overwrite)
    if (o?.b3 === "multi" && (overwrite || view.get("x-b3-traceid") == null)) writeB3Multi(t, view)
  }
  writePrefixed(meta, view, overwrite)
}

/** HTTP: no deadline unless `deadlineHeader` names a header holding the remaining ms. */
export const httpMeta: MetaCodec<HeaderView> = {
  protocol: "http",
  read: (view, o?: ReadOptions) => {
    const meta = readText(view)
    if (o?.deadlineHeader !== undefined) {
      const ms = parseMs(getValue(view, o.deadlineHeader.toLowerCase(), 16)?.trim())
      if (ms !== undefined) meta.deadline = (o.now ?? Date.now()) + ms
    }
    return meta
  },
  write: (meta, view, o) => {
    writeText(meta, view, o)
    if (o?.deadlineHeader !== undefined) {
      const ms = remainingMs(meta, o.now ?? Date.now())
      if (ms !== undefined) setKey(view, o.deadlineHeader.toLowerCase(), String(ms), o.overwrite ?? false)
    }
    return undefined
  }
}

/** gRPC metadata: as HTTP, with the deadline in `grpc-timeout`. */
export const grpcMeta: MetaCodec<HeaderView> = {
  protocol: "grpc",
  read: (view, o) => {
    const meta = readText(view)
    const ms = parseGrpcTimeout(getValue(view, GrpcTimeout, 16))
    if (ms !== undefined) meta.deadline = (o?.now ?? Date.now()) + ms
    return meta
  },
  write: (meta, view, o) => {
    writeText(meta, view, o)
    const ms = remainingMs(meta, o?.now ?? Date.now())
    if (ms !== undefined) setKey(view, GrpcTimeout, formatGrpcTimeout(ms), o?.overwrite ?? false)
    return undefined
  }
}
