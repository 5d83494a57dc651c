// @mosaic/bytes: byte handling shared by the protocol codecs (slab allocation, receive queue).
export { allocFrame } from "./alloc.ts";
export { ByteQueue } from "./byte-queue.ts";
