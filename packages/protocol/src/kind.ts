// The `protocol` plugin kind: a registered protocol builds a Protocol, found by name (`registry.get(ProtocolKind, name)`).
import { kind } from "@mosaic/kernel"
import type { Protocol } from "./protocol.ts"

export const ProtocolKind = kind<Protocol>("protocol")
