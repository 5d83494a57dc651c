// The TTHeader protocol's trace codec: transmeta's TTHeader codec over the string keys filters see (int infos stay out of view).
import { type HeaderView, type KeyedView, type MetaCodec, ttheaderMeta } from "@mosaic/transmeta"

/** Int infos are not visible to filters: reads see none, writes are dropped (the string keys carry the trace). */
const noInts: KeyedView<number> = { get: () => undefined, set: () => {}, forEach: () => {} }

/** `ttheaderMeta` on a request's string infos (TTHeader) or headers (THeader). */
export const ttheaderTraceCodec: MetaCodec<HeaderView> = {
  protocol: ttheaderMeta.protocol,
  read: (view, options) => ttheaderMeta.read({ int: noInts, str: view }, options),
  write: (meta, view, options) => ttheaderMeta.write(meta, { int: noInts, str: view }, options)
}
