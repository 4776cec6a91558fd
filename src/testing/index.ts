export * from "./pulumi";
export * from "./simulate";
