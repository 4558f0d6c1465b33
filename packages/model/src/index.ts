export * from "./address";
export * from "./firewall";
export * from "./schema";
export * from "./text";
export * from "./validate";
