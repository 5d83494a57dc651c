// The TTHeader frame model: header fields, info maps, and the payload kept as bytes.

export interface TTHeaderFrame {
  /** SEQUENCE NUMBER (i32). Kitex only warns when it differs from the payload's seqid. */
  readonly seqId: number
  /** FLAGS (u16), see TTHeaderFlags. */
  readonly flags: number
  /** PROTOCOL ID (u8), see ProtocolId. */
  readonly protocolId: number
  /** Transform ids (Kitex writes none). */
  readonly transforms: ReadonlyArray<number>
  /** INTKEYVALUE entries: u16 key -> value (see IntKey). */
  readonly intInfo: ReadonlyMap<number, string>
  /** KEYVALUE entries. */
  readonly strInfo: ReadonlyMap<string, string>
  /** ACL_TOKEN, when present. */
  readonly token: string | undefined
  /** Everything after the header: a Thrift message (framed or not) or a Kitex protobuf frame. A view, not a copy. */
  readonly payload: Uint8Array
}

/** A frame plus its raw bytes (a view into the pushed chunks) for zero-copy forwarding. */
export interface TTHeaderDecoded {
  readonly frame: TTHeaderFrame
  readonly raw: Uint8Array
}

export type InfoInput<K extends string | number> = ReadonlyMap<K, string> | Readonly<Record<K, string>>

export interface TTHeaderFrameInit {
  readonly seqId: number
  readonly flags?: number
  readonly protocolId?: number
  readonly transforms?: ReadonlyArray<number>
  /** Int KV; a record is written in ascending key order, a map in insertion order. */
  readonly intInfo?: InfoInput<number>
  readonly strInfo?: InfoInput<string>
  readonly token?: string
  readonly payload: Uint8Array
}
