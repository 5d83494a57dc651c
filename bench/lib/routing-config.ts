// Proxy configs and request mixes for the routing benchmark: 1 or 1,000 routes (regex and header matches), a balancer over N hosts.

export interface RoutingProxyArgs {
  /** 1: one catch-all route; more: the mixed table below. */
  readonly routes: number
  readonly lbType: string
  readonly hosts: ReadonlyArray<string>
  readonly weights?: ReadonlyArray<number> | undefined
  /** hash_policy header for the consistent-hash balancers. */
  readonly hashHeader?: string | undefined
}

/**
 * Route i of the 1,000 (i % 4): 0 exact header `x-route: r<i>`; 1 anchored regex `^/svc/r<i>/items/\d+$`;
 * 2 prefix `/api/r<i>/` plus a regex header `x-ver: ^v[0-9]+$`; 3 anchored regex
 * `^/svc/r<i>/orders/[a-z0-9-]+$` plus exact header `x-tenant: t<i>`. Every route goes to cluster "echo".
 */
export const routeFor = (i: number): unknown => {
  const route = { cluster_name: "echo" }
  switch (i % 4) {
    case 0: return { match: { headers: [{ name: "x-route", value: `r${i}` }] }, route }
    case 1: return { match: { regex: `^/svc/r${i}/items/\\d+$` }, route }
    case 2: return { match: { prefix: `/api/r${i}/`, headers: [{ name: "x-ver", value: "^v[0-9]+$", regex: true }] }, route }
    default: return { match: { regex: `^/svc/r${i}/orders/[a-z0-9-]+$`, headers: [{ name: "x-tenant", value: `t${i}` }] }, route }
  }
}

/** A request (path and headers) that matches route i of the 1,000 and no earlier one. */
export const requestFor = (i: number, n = 42): { path: string; headers: Record<string, string> } => {
  switch (i % 4) {
    case 0: return { path: `/hdr/${n}`, headers: { "x-route": `r${i}` } }
    case 1: return { path: `/svc/r${i}/items/${n}`, headers: {} }
    case 2: return { path: `/api/r${i}/x/${n}`, headers: { "x-ver": "v2" } }
    default: return { path: `/svc/r${i}/orders/o-${n}`, headers: { "x-tenant": `t${i}` } }
  }
}

export const proxyConfig = (a: RoutingProxyArgs): unknown => ({
  listeners: [{
    name: "bench_routing",
    address: "127.0.0.1:0",
    bind_port: true,
    filter_chains: [{ filters: [{ type: "proxy", config: { downstream_protocol: "Http1", upstream_protocol: "Http1", router_config_name: "bench" } }] }]
  }],
  routers: [{
    router_config_name: "bench",
    virtual_hosts: [{
      name: "all",
      domains: ["*"],
      routers: a.routes <= 1
        ? [{ match: { prefix: "/" }, route: { cluster_name: "echo", ...(a.hashHeader === undefined ? {} : { hash_policy: [{ header: { key: a.hashHeader } }] }) } }]
        : Array.from({ length: a.routes }, (_, i) => routeFor(i))
    }]
  }],
  cluster_manager: {
    clusters: [{
      name: "echo",
      type: "SIMPLE",
      lb_type: a.lbType,
      hosts: a.hosts.map((address, i) => ({ address, weight: a.weights?.[i] ?? 1 }))
    }]
  }
})

/** argv (`--routes 1000 --lb LB_MAGLEV --hosts a,b,c --weights 1,2,3 --hash x-user`) to args. */
export const parseArgs = (argv: ReadonlyArray<string>): RoutingProxyArgs => {
  const get = (name: string) => {
    const i = argv.indexOf(`--${name}`)
    return i === -1 ? undefined : argv[i + 1]
  }
  return {
    routes: Number(get("routes") ?? 1),
    lbType: get("lb") ?? "LB_ROUNDROBIN",
    hosts: (get("hosts") ?? "127.0.0.1:18000").split(","),
    weights: get("weights")?.split(",").map(Number),
    hashHeader: get("hash")
  }
}

export const toArgs = (a: RoutingProxyArgs): Array<string> => [
  "--routes", String(a.routes),
  "--lb", a.lbType,
  "--hosts", a.hosts.join(","),
  ...(a.weights === undefined ? [] : ["--weights", a.weights.join(",")]),
  ...(a.hashHeader === undefined ? [] : ["--hash", a.hashHeader])
]

/** A wrk Lua script cycling through pre-built requests (no per-request formatting cost in wrk). */
export const wrkScript = (requests: ReadonlyArray<{ path: string; headers: Record<string, string> }>): string => {
  const lua = (s: string) => JSON.stringify(s) // plain ASCII here: JSON string syntax is valid Lua
  const lines = requests.map((r) =>
    `  reqs[#reqs + 1] = wrk.format("GET", ${lua(r.path)}, { ${Object.entries(r.headers).map(([k, v]) => `[${lua(k)}] = ${lua(v)}`).join(", ")} })`
  )
  return [
    "local reqs = {}",
    "local i = 0",
    "init = function(args)",
    ...lines,
    "end",
    "request = function()",
    "  i = i % #reqs + 1",
    "  return reqs[i]",
    "end",
    ""
  ].join("\n")
}
