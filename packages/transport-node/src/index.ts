// @mosaic/transport-node: TCP over node:net for Node, Bun and Deno.
export { dialTcp, layer } from "./node-transport.ts"
export { detachSocket, TcpConnection } from "./tcp-connection.ts"
