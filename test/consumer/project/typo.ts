import { KubernetesScaling } from "polyscale/kubernetes";

// Must NOT compile: `utilisation` is not a field of the cpu metric (the consumer check expects tsc to fail here).
new KubernetesScaling("typo", { policy: { service: "typo", scaling: { replicas: { min: 1, max: 3 }, metrics: [{ cpu: { utilisation: 60 } }] } } });
