export * from "./address";
export * from "./firewall";
export * from "./schema";
export * from "./validate";
