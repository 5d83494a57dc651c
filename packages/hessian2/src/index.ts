// @mosaic/hessian2: Hessian 2.0 (final and draft dialects) codec, Java value model, SOFA and Dubbo body helpers.
export type { Dialect } from "./dialect.ts"
export { HessianError, type HessianErrorReason, isHessianError } from "./hessian-error.ts"
export { type DecodeLimits, defaultLimits } from "./limits.ts"
export { createReader, decode, decodeAll, type Reader, type ReaderOptions } from "./reader.ts"
export { createWriter, encode, type Writer, type WriterOptions, type WriterTables } from "./writer.ts"
export { isJavaValue, java, type JavaValue, unwrapJava } from "./java.ts"
export { javaDescriptor, parseJavaDescriptor, typeDescriptor } from "./jvm-descriptor.ts"
export {
  type DecodedSofaRequest,
  decodeSofaRequest,
  encodeSofaRequest,
  SOFA_REQUEST_CLASS,
  sofaArgSig,
  type SofaEncodeOptions,
  type SofaRequest
} from "./sofa-request.ts"
export {
  type DecodedSofaResponse,
  decodeSofaResponse,
  encodeSofaResponse,
  SOFA_RESPONSE_CLASS,
  type SofaResponse
} from "./sofa-response.ts"
export {
  type DecodedDubboRequestBody,
  decodeDubboRequestBody,
  dubboArgType,
  type DubboEncodeOptions,
  type DubboRequestBody,
  encodeDubboRequestBody
} from "./dubbo-request.ts"
export {
  type DecodedDubboResponseBody,
  decodeDubboResponseBody,
  DubboResponseFlag,
  type DubboResponseBody,
  encodeDubboResponseBody
} from "./dubbo-response.ts"
export {
  type DubboAttachmentsAt,
  locateDubboRequestAttachments,
  locateDubboResponseAttachments,
  replaceDubboAttachments
} from "./dubbo-attachments.ts"
