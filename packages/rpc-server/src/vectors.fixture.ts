// Test fixture (not shipped): golden frames captured from sofa-rpc-node and dubbo2.js.
export { hex, toHex } from "@mosaic/bytes/testing"
export { vector } from "../../../test/support/vectors.ts"
