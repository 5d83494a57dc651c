// A type registry for Connect JSON: the runtime API plus the well-known types an Any payload may hold.
import { createRegistry, type Registry } from "@bufbuild/protobuf"
import {
  file_google_protobuf_duration, file_google_protobuf_empty, file_google_protobuf_struct,
  file_google_protobuf_timestamp, file_google_protobuf_wrappers
} from "@bufbuild/protobuf/wkt"
import { file_spec_proto_runtime_v1_appcallback } from "./gen/spec/proto/runtime/v1/appcallback_pb.js"
import { file_spec_proto_runtime_v1_runtime } from "./gen/spec/proto/runtime/v1/runtime_pb.js"

/**
 * Registry for `jsonOptions.registry` (server and client): without it, Connect JSON cannot print or
 * parse an Any such as `{"@type":"type.googleapis.com/google.protobuf.StringValue","value":"hi"}`.
 * Holds the wrappers (StringValue, BytesValue, Int64Value, ...), Struct/Value/ListValue, Empty,
 * Timestamp, Duration and the runtime API's own messages.
 */
export const runtimeJsonRegistry: Registry = createRegistry(
  file_google_protobuf_wrappers,
  file_google_protobuf_struct,
  file_google_protobuf_empty,
  file_google_protobuf_timestamp,
  file_google_protobuf_duration,
  file_spec_proto_runtime_v1_runtime,
  file_spec_proto_runtime_v1_appcallback
)
