// The Kitex TTHeader meta codec: int keys 12 RPCTimeout and 2 LogID, str keys RPC_PERSIST_*/RPC_TRANSIT_* and W3C.
import { type MetaCodec, readW3C, writeW3C } from "./codec.ts"
import type { TTHeaderView } from "./header-view.ts"
import { isForeignId, opaqueTraceId, traceFromForeign } from "./ids.ts"
import { emptyMeta, Limits, parseMs, putKey, remainingMs } from "./meta-info.ts"
import { joinSofa } from "./sofa.ts"

/** INTKEYVALUE keys (gopkg `protocol/ttheader/metakey.go`). */
export const TTIntKey = { LogID: 2, RPCTimeout: 12 } as const
/** Kitex metainfo's TTHeader prefixes (str keys). */
export const TTPersistPrefix = "RPC_PERSIST_"
export const TTTransitPrefix = "RPC_TRANSIT_"

const intGet = (view: TTHeaderView, key: number, max: number): string | undefined => {
  const v = view.int.get(key)
  return typeof v === "string" && v.length <= max ? v.trim() : undefined
}

/**
 * Read: `traceparent`/`tracestate` str keys; else LogID (int 2) as a foreign trace id (joined with the
 * W3C trace when both name the same trace); `RPC_PERSIST_<K>`/`RPC_TRANSIT_<K>` keep `<K>` verbatim;
 * RPCTimeout (int 12, ms) from now. Write: LogID = the foreign id if any, else the 32-hex trace id;
 * W3C str keys; the prefixed str keys; RPCTimeout = remaining ms.
 */
export const ttheaderMeta: MetaCodec<TTHeaderView> = {
  protocol: "ttheader",
  read: (view, o) => {
    const meta = emptyMeta()
    const str = view.str
    const logId = intGet(view, TTIntKey.LogID, Limits.maxForeignId)
    meta.trace = joinSofa(readW3C(str), logId !== undefined && isForeignId(logId) ? traceFromForeign(logId, undefined) : undefined)
    str.forEach((value, key) => {
      if (key.startsWith(TTPersistPrefix)) putKey(meta.persistent, key.slice(TTPersistPrefix.length), value)
      else if (key.startsWith(TTTransitPrefix)) putKey(meta.transient, key.slice(TTTransitPrefix.length), value)
    })
    const ms = parseMs(intGet(view, TTIntKey.RPCTimeout, 16))
    if (ms !== undefined) meta.deadline = (o?.now ?? Date.now()) + ms
    return meta
  },
  write: (meta, view, o) => {
    const overwrite = o?.overwrite ?? false
    const setInt = (k: number, v: string) => { if (overwrite || view.int.get(k) == null) view.int.set(k, v) }
    const setStr = (k: string, v: string) => { if (overwrite || view.str.get(k) == null) view.str.set(k, v) }
    if (meta.trace !== undefined) {
      setInt(TTIntKey.LogID, opaqueTraceId(meta.trace))
      writeW3C(meta.trace, view.str, overwrite)
    }
    for (const [k, v] of meta.persistent) setStr(TTPersistPrefix + k, v)
    for (const [k, v] of meta.transient) setStr(TTTransitPrefix + k, v)
    const ms = remainingMs(meta, o?.now ?? Date.now())
    if (ms !== undefined) setInt(TTIntKey.RPCTimeout, String(ms))
    return undefined
  }
}

/** A TTHeaderView over two maps (e.g. a decoded frame's `intInfo`/`strInfo` copies, or fresh maps for encoding). */
export const ttheaderView = (int: Map<number, string>, str: Map<string, string>): TTHeaderView => ({ int, str })
