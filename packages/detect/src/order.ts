// The default matcher order on a shared port, and why it keeps Bolt's one-byte rule safe.
import type { DetectProtocol } from "./types.ts"

/** Protocol names the order knows; use these names when registering protocols with the detector. */
export const ProtocolName = {
  Http2: "http2",
  TTHeaderStreaming: "ttheader-streaming",
  TTHeader: "ttheader",
  THeader: "theader",
  FramedThrift: "framed-thrift",
  KitexProtobuf: "kitex-protobuf",
  BufferedThrift: "buffered-thrift",
  Dubbo: "dubbo",
  Http1: "http1",
  Bolt: "bolt"
} as const

/**
 * The order matchers run in (protocols.md section 7, collision note). A TTHeader or framed-Thrift LENGTH is
 * `00 ..` below 16 MiB but `01 ..`/`02 ..` from 16 MiB up, which is Bolt's one-byte rule (v1 `01`, v2 `02`).
 * So every rule that reads a magic at bytes 4..5 (TTHeader `10 00`, Apache THeader `0f ff`, framed Thrift
 * `80 01`, Kitex protobuf `90 01`) and the HTTP/2 preface run before Bolt: under the detector's priority
 * rule, an earlier protocol that says "again" holds the decision until it has seen bytes 4..5, so a later
 * Bolt "match" cannot win early. Bolt's own matcher (@mosaic/protocol-bolt) also waits for byte 4 (v1) or 5
 * (v2) and requires the version byte there to be 1, which a Thrift-family magic never is; both layers agree.
 * Dubbo (`da bb`) and HTTP/1 (ASCII methods) cannot collide with anything and come in between.
 */
export const defaultOrder: ReadonlyArray<string> = [
  ProtocolName.Http2,
  ProtocolName.TTHeaderStreaming,
  ProtocolName.TTHeader,
  ProtocolName.THeader,
  ProtocolName.FramedThrift,
  ProtocolName.KitexProtobuf,
  ProtocolName.BufferedThrift,
  ProtocolName.Dubbo,
  ProtocolName.Http1,
  ProtocolName.Bolt
]

/** Sorts protocols by `order` (stable); names not in it keep their relative order, after the known ones. */
export const orderProtocols = <P extends Pick<DetectProtocol, "name">>(
  protocols: ReadonlyArray<P>, order: ReadonlyArray<string> = defaultOrder
): Array<P> => {
  const rank = (p: P) => {
    const i = order.indexOf(p.name)
    return i < 0 ? order.length : i
  }
  return protocols.map((p, i) => [p, i] as const).sort((a, b) => rank(a[0]) - rank(b[0]) || a[1] - b[1]).map(([p]) => p)
}
