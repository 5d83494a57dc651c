// The router a listener's connections ask per request: a reload points it at the new table, so every new request uses the new routes.
import type { RouteRequest } from "./route-request.ts"
import type { RouteRule } from "./route-rule.ts"
import type { RouterTable } from "./router-table.ts"

/** What a connection needs of a router: the first matching route for a request. */
export interface RouteMatcher {
  match(req: RouteRequest): RouteRule | undefined
}

/** Routes with the table in force (MOSN applies route updates to open connections too). */
export class LiveRouter implements RouteMatcher {
  current: RouterTable

  constructor(current: RouterTable) {
    this.current = current
  }

  match(req: RouteRequest): RouteRule | undefined {
    return this.current.match(req)
  }
}
