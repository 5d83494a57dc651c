// The proxy's ping-pong pool (HTTP/1 and ordered upstreams) is the shared one in @mosaic/protocol.
export { PingPongPool, type PingPongPoolOptions as PoolOptions, type PooledClient, type PoolFailure, type PoolWaiter } from "@mosaic/protocol"
