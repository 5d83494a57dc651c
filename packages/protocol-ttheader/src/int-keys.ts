// The INTKEYVALUE key table (protocols.md section 3.2): key numbers and their names.

export const IntKey = {
  MeshVersion: 0,
  TransportType: 1,
  LogID: 2,
  FromService: 3,
  FromCluster: 4,
  FromIDC: 5,
  ToService: 6,
  ToCluster: 7,
  ToIDC: 8,
  ToMethod: 9,
  Env: 10,
  DestAddress: 11,
  RPCTimeout: 12,
  ReadTimeout: 13,
  RingHashKey: 14,
  DDPTag: 15,
  WithMeshHeader: 16,
  ConnectTimeout: 17,
  SpanContext: 18,
  ShortConnection: 19,
  FromMethod: 20,
  StressTag: 21,
  MsgType: 22,
  HTTPContentType: 23,
  RawRingHashKey: 24,
  LBType: 25,
  ClusterShardID: 26,
  FrameType: 27
} as const
export type IntKeyName = keyof typeof IntKey

const NAMES: ReadonlyArray<IntKeyName> = (() => {
  const out: Array<IntKeyName> = []
  for (const [name, key] of Object.entries(IntKey)) out[key] = name as IntKeyName
  return out
})()

/** The name of an int key, or undefined for keys outside the table. */
export const intKeyName = (key: number): IntKeyName | undefined => NAMES[key]

/** Well-known string keys (KEYVALUE block). */
export const StrKey = {
  IDLServiceName: "isn",
  BizStatus: "biz-status",
  BizMessage: "biz-message",
  BizExtra: "biz-extra",
  ConnResetTag: "crrst",
  RemoteIP: "rip",
  ToCluster: "tc",
  ToIDC: "ti",
  CRC32C: "crc32c"
} as const

/** Values of IntKey.MsgType (`strconv(MessageType)`). */
export const MsgType = { Call: "1", Reply: "2", Exception: "3", Oneway: "4" } as const
