// The Bolt meta codec: SOFA tracer keys in the Bolt header map, plus W3C keys; the deadline is the frame timeout.
import { type MetaCodec, readPrefixed, readW3C, setKey, writePrefixed, writeW3C } from "./codec.ts"
import type { HeaderView } from "./header-view.ts"
import { opaqueTraceId } from "./ids.ts"
import { emptyMeta, remainingMs } from "./meta-info.ts"
import { formatPenAttrs, joinSofa, readSofaBaggage, readSofaTrace, SofaPenAttrs, SofaRpcId, SofaTraceId } from "./sofa.ts"

/**
 * Read: the trace from `rpc_trace_context.sofaTraceId`/`sofaRpcId` (exact or lower-cased keys), joined
 * with a `traceparent` naming the same trace (its span id, flags and tracestate are kept); when the two
 * disagree the SOFA keys win. Baggage `sofaPenAttrs` and `rpc-persist-*` are persistent keys,
 * `rpc-transit-*` transient. The deadline is `frameTimeoutMs` (> 0) from now.
 *
 * Write: `sofaTraceId` = the foreign id if any, else the 32-hex trace id; `sofaRpcId` = the kept rpc id,
 * else "0" (SOFA's root position); `traceparent`/`tracestate`; persistent keys as `sofaPenAttrs`;
 * transient keys as `rpc-transit-*`. Returns the remaining ms for the frame's timeout field.
 */
export const boltMeta: MetaCodec<HeaderView> = {
  protocol: "bolt",
  read: (view, o) => {
    const meta = emptyMeta()
    const w3c = readW3C(view)
    const sofa = readSofaTrace(view)
    meta.trace = w3c !== undefined && sofa !== undefined && w3c.traceId !== sofa.traceId ? sofa : joinSofa(w3c, sofa)
    readSofaBaggage(view, meta.persistent)
    readPrefixed(view, meta)
    const t = o?.frameTimeoutMs
    if (t !== undefined && Number.isFinite(t) && t > 0) meta.deadline = (o?.now ?? Date.now()) + Math.min(t, 0x7fffffff)
    return meta
  },
  write: (meta, view, o) => {
    const overwrite = o?.overwrite ?? false
    const t = meta.trace
    if (t !== undefined) {
      const present = view.get(SofaTraceId)
      if (overwrite || present === undefined || present === null) {
        view.set(SofaTraceId, opaqueTraceId(t))
        view.set(SofaRpcId, t.rpcId ?? "0")
      }
      writeW3C(t, view, overwrite)
    }
    const baggage = formatPenAttrs(meta.persistent)
    if (baggage !== undefined) setKey(view, SofaPenAttrs, baggage, overwrite)
    writePrefixed(meta, view, overwrite, false)
    return remainingMs(meta, o?.now ?? Date.now())
  }
}
