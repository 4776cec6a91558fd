// Named, documented policies (DESIGN layer 4): the Membrane services of membrane-autoscaling-multicloud.md
// and PaaSTA-style instances of paasta-autoscaling.md. Each preset returns a policy input for parsePolicy.
export * from "./membrane";
export * from "./paasta";
