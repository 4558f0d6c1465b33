export * from "./address";
export * from "./schema";
export * from "./validate";
