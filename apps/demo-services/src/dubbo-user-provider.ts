// The Dubbo demo upstream: org.apache.dubbo.samples.UserProvider.GetUser(String) -> a Java User (the JSON-RPC demo's users).
import { java } from "@mosaic/hessian2"
import { createDubboServer, type RpcServerHandle } from "@mosaic/rpc-server"
import { UserProviderInterface } from "./user-provider.ts"

export const UserClass = "org.apache.dubbo.samples.User"

const users: Record<string, { id: string; name: string; age: number; time: number; sex: "MAN" | "WOMAN" }> = {
  A000: { id: "000", name: "Alex Stocks", age: 31, time: 703394193, sex: "MAN" },
  A001: { id: "001", name: "ZhangSheng", age: 18, time: 703394193, sex: "MAN" },
  A002: { id: "002", name: "Lily", age: 20, time: 703394193, sex: "WOMAN" },
  A003: { id: "113", name: "Moorse", age: 30, time: 703394193, sex: "MAN" }
}

/** GetUser("A003") -> User{id:"113", name:"Moorse", age:int 30, time:long 703394193, sex:"MAN"}. */
export const userProviderMethods = {
  GetUser: async (id: string) => {
    const u = users[String(id)]
    if (u === undefined) throw new Error(`invalid user id: ${String(id)}`)
    return java.object(UserClass, { id: u.id, name: u.name, age: java.int(u.age), time: java.long(u.time), sex: u.sex })
  }
}

/** Listens on 127.0.0.1 (port 0 by default); the interface is served without a version or group check. */
export const startDubboUserProvider = (options: { host?: string; port?: number } = {}): Promise<RpcServerHandle> =>
  createDubboServer({ ...options, services: { [UserProviderInterface]: { methods: userProviderMethods } } })
