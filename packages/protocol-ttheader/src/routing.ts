// Routing keys of a TTHeader frame: ToService/ToMethod int infos, else the Thrift message name in the payload.
import { IntKey, StrKey } from "./int-keys.ts"
import { payloadMessage } from "./thrift-message.ts"
import type { TTHeaderFrame } from "./types.ts"

export interface RoutingKeys {
  /** IntKey.ToService, else the IDL service name (`isn`), else undefined. */
  readonly service: string | undefined
  /** IntKey.ToMethod, else the message name read from the payload. */
  readonly method: string | undefined
  /** Where `method` came from. */
  readonly methodFrom: "header" | "payload" | undefined
}

export const routingKeys = (frame: TTHeaderFrame): RoutingKeys => {
  const service = frame.intInfo.get(IntKey.ToService) ?? frame.strInfo.get(StrKey.IDLServiceName)
  const method = frame.intInfo.get(IntKey.ToMethod)
  if (method !== undefined && method !== "") return { service, method, methodFrom: "header" }
  const name = payloadMessage(frame.payload)?.name
  return name === undefined ? { service, method: undefined, methodFrom: undefined } : { service, method: name, methodFrom: "payload" }
}
