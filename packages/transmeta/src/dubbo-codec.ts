// The Dubbo meta codec: attachments `traceparent`/`tracestate`, `timeout` (relative ms), `rpc-persist-*`/`rpc-transit-*`.
import { type MetaCodec, readPrefixed, readW3C, setKey, writePrefixed, writeW3C } from "./codec.ts"
import { getValue, type HeaderView } from "./header-view.ts"
import { emptyMeta, parseMs, remainingMs } from "./meta-info.ts"
import { joinSofa, readSofaBaggage, readSofaTrace } from "./sofa.ts"

/** Dubbo's `timeout` attachment: the call's timeout in ms, relative to when the request is sent. */
export const DubboTimeout = "timeout"

/**
 * Read: W3C keys (SOFA keys as a fallback, as for HTTP), the prefixed keys, `timeout` (a positive
 * integer) from now. Write: the same keys (attachment values are strings); `timeout` = remaining ms.
 */
export const dubboMeta: MetaCodec<HeaderView> = {
  protocol: "dubbo",
  read: (view, o) => {
    const meta = emptyMeta()
    meta.trace = joinSofa(readW3C(view), readSofaTrace(view))
    readPrefixed(view, meta)
    readSofaBaggage(view, meta.persistent)
    const ms = parseMs(getValue(view, DubboTimeout, 16)?.trim())
    if (ms !== undefined) meta.deadline = (o?.now ?? Date.now()) + ms
    return meta
  },
  write: (meta, view, o) => {
    const overwrite = o?.overwrite ?? false
    if (meta.trace !== undefined) writeW3C(meta.trace, view, overwrite)
    writePrefixed(meta, view, overwrite)
    const ms = remainingMs(meta, o?.now ?? Date.now())
    if (ms !== undefined) setKey(view, DubboTimeout, String(ms), overwrite)
    return undefined
  }
}
