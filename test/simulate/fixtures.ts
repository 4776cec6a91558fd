/** Policies shared by the simulator tests. */

/** The rider-api seed's HPA policy (requests per second per replica, its scale-up and scale-down rules), as a policy file holds it. */
export const RIDER_API = {
  service: "rider-api",
  scaling: {
    replicas: { min: 3, max: 50 },
    metrics: [{ requestRate: { perReplica: 500, from: { prometheus: { series: "http_server_requests_seconds_count" } } } }],
    scaleUp: { stabilization: "30s", policies: [{ percent: 100, per: "60s" }, { replicas: 5, per: "60s" }], select: "max" },
    scaleDown: { stabilization: "300s", policies: [{ percent: 10, per: "60s" }], select: "min" },
  },
};
