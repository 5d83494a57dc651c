// @mosaic/transmeta: Kitex transmeta-style call metadata (trace, deadline, persistent/transient keys) across protocols.
//
// One protocol-neutral `MetaInfo` and a meta codec per protocol (Kitex MetaHandler's ReadMeta/WriteMeta),
// pure functions over a get/set/forEach header view. Reading never throws: malformed values are dropped.
// Writing leaves keys the headers already have unless `overwrite` is set.
//
// | protocol | trace                                                        | deadline                 | persistent / transient        |
// |----------|--------------------------------------------------------------|--------------------------|-------------------------------|
// | http     | traceparent+tracestate > b3 > x-b3-* > rpc_trace_context.*    | none (or deadlineHeader) | rpc-persist-* / rpc-transit-* |
// | grpc     | as http                                                      | grpc-timeout             | as http                       |
// | bolt     | rpc_trace_context.sofaTraceId/sofaRpcId (+ traceparent)       | frame timeout (caller)   | sofaPenAttrs / rpc-transit-*  |
// | dubbo    | traceparent+tracestate attachments                           | `timeout` attachment, ms | rpc-persist-* / rpc-transit-* |
// | ttheader | str traceparent+tracestate > int 2 LogID                     | int 12 RPCTimeout, ms    | RPC_PERSIST_* / RPC_TRANSIT_* |
//
// Trace ids. The canonical id is W3C's: 32 lower-case hex digits, not all zero.
// - W3C <-> B3: the same digits; a 64-bit B3 id is left-padded with "0" to 32 (B3 is written as 32 digits).
// - Foreign -> W3C (SOFA trace id, Kitex LogID): lower-cased, a 1..32 hex-digit id (not all zero) is
//   left-padded with "0" to 32 (a usual 30-digit SOFA id `0ad1348f1403169275002100356696` becomes
//   `000ad1348f1403169275002100356696`); any other string is hashed (FNV-1a, 4 lanes) to 32 digits.
//   The original string is kept as `foreignTraceId` whenever it differs from the mapped id.
// - W3C -> opaque slots (SOFA `sofaTraceId`, Kitex LogID): `foreignTraceId` verbatim when kept, else the
//   32 digits. So SOFA -> Bolt/TTHeader keeps the SOFA id exactly; a W3C-only hop (HTTP, gRPC, Dubbo)
//   carries only the mapped 32 digits, and a later SOFA peer sees those.
// Span ids. W3C parent-id = B3 SpanId (16 hex). SOFA `sofaRpcId` ("0.1.2") is a tree position, not an
// id: it is kept verbatim for SOFA slots (default "0"), and a W3C span id is derived from it by FNV-1a
// of trace id and position. Sampled: W3C flag bit 0, B3 1/d/0; SOFA and LogID say nothing (sampled).
// Keys. HTTP-form keys `rpc-persist-abc-def` map to `ABC_DEF` (Kitex CGI form) and back; TTHeader and
// SOFA baggage keys are kept verbatim. Bounds: 64 keys of each kind, keys <= 128 chars of [A-Za-z0-9_.-],
// values 1..4096 header-safe chars; tracestate <= 512 chars and 32 members.
export { type MetaInfo, type TraceContext, emptyMeta, forward, isValidKey, isValidValue, Limits, putKey, remainingMs } from "./meta-info.ts"
export { type HeaderView, type KeyedView, overlayView, recordView, type TTHeaderView } from "./header-view.ts"
export {
  derivedSpanId, ensureTrace, isForeignId, isSpanId, isTraceId, newTrace, opaqueTraceId, traceFromForeign, traceIdFromForeign
} from "./ids.ts"
export { formatTraceparent, parseTraceparent, parseTracestate } from "./w3c.ts"
export { formatB3Single, parseB3Multi, parseB3Single } from "./b3.ts"
export { formatGrpcTimeout, parseGrpcTimeout } from "./grpc-timeout.ts"
export { formatPenAttrs, isRpcId, parsePenAttrs, SofaPenAttrs, SofaRpcId, SofaTraceId, SofaTracePrefix } from "./sofa.ts"
export { type MetaCodec, PersistPrefix, type ReadOptions, Traceparent, Tracestate, TransitPrefix, type WriteOptions } from "./codec.ts"
export { GrpcTimeout, grpcMeta, httpMeta } from "./http-codec.ts"
export { boltMeta } from "./bolt-codec.ts"
export { DubboTimeout, dubboMeta } from "./dubbo-codec.ts"
export { requestMeta, type RequestLike } from "./request-meta.ts"
export { TTIntKey, TTPersistPrefix, TTTransitPrefix, ttheaderMeta, ttheaderView } from "./ttheader-codec.ts"
