// Named, documented policies (DESIGN layer 4). The generic presets are what a service starts from (a CPU
// service, a request-rate or concurrency service, a queue worker, fixed replicas); the Membrane services of
// membrane-autoscaling-multicloud.md and PaaSTA-style instances of paasta-autoscaling.md are built from them.
// Each preset returns a policy input: a component's `policy` argument, or a document for parsePolicy.
export * from "./generic";
export * from "./membrane";
export * from "./paasta";
