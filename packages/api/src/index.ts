export { type Auth, createAuth } from "./auth/auth";
export { createCallerResolver } from "./auth/resolve-caller";
export { type AppRouter, appRouter } from "./root";
export { type Caller, type Context, createCallerFactory, createContext, type Role, roles } from "./trpc";
