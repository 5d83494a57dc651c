// The sidecar's explicit plugin registration: every plugin it can build, listed by hand.
import { invokerPlugin } from "@mosaic/invoker"
import { filterPlugins } from "@mosaic/filters"
import { httpChannelPlugin } from "@mosaic/channel-http"
import { ingressPlugin } from "@mosaic/ingress-connect"
import { boltChannelPlugin, boltV2ChannelPlugin } from "@mosaic/channel-bolt"
import { dubboChannelPlugin } from "@mosaic/channel-dubbo"
import { boltProtocolPlugin, boltV2ProtocolPlugin } from "@mosaic/protocol-bolt"
import { dubboProtocolPlugin } from "@mosaic/protocol-dubbo"
import { ttheaderProtocolPlugin } from "@mosaic/protocol-ttheader"
import { hostSourcePlugins, loadBalancerPlugins, proxyPlugin, streamFilterPlugins } from "@mosaic/proxy"

export const sidecarPlugins = [
  invokerPlugin,
  ...filterPlugins,
  httpChannelPlugin,
  boltChannelPlugin,
  boltV2ChannelPlugin,
  dubboChannelPlugin,
  ingressPlugin,
  proxyPlugin,
  // the protocols listeners, Auto detection and health checks name (HTTP/1 is built into the proxy)
  boltProtocolPlugin,
  boltV2ProtocolPlugin,
  dubboProtocolPlugin,
  ttheaderProtocolPlugin,
  // what the proxy's config names: `lb_type` (LB_ROUNDROBIN ... LB_PEAK_EWMA), `host_source` (static), `stream_filters`
  ...loadBalancerPlugins,
  ...hostSourcePlugins,
  ...streamFilterPlugins
] as const
