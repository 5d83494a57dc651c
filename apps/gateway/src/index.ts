// @mosaic/gateway: a multi-protocol gateway on one port.
export { type Gateway, gateway, type GatewayOptions, startGateway } from "./gateway.ts"
