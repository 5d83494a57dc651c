// Where the .proto sources live on disk, for tools that load them at run time (proto-loader, buf curl).
import { fileURLToPath } from "node:url"

/** The buf module root (`packages/proto/proto`): pass it as an include dir / `--schema`. */
export const protoDir: string = fileURLToPath(new URL("../proto", import.meta.url))

/** `spec/proto/runtime/v1/runtime.proto`, relative to `protoDir` (the import path Layotto uses). */
export const runtimeProtoPath = "spec/proto/runtime/v1/runtime.proto"
