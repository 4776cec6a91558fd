/**
 * One table of platform API rules the schemas do not express, as pure predicates over rendered output
 * (DESIGN "Rules": used by the tests' property suite, and meant for `polyscale lint` and a CrossGuard pack).
 */
export * from "./common";
export * from "./names";
export * from "./kubernetes";
export * from "./ecs";
export * from "./container-apps";
export * from "./cloud-run";
export * from "./stack";
export * from "./guidance";
export * from "./resources";
