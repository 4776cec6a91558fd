/** No alert or dashboard a policy asks for is dropped silently by a target that does not render it. */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { loadTarget } from "../../src/targets";

const policy = parsePolicy({
  service: "shop",
  scaling: { replicas: { min: 1, max: 10 }, metrics: [{ cpu: { utilization: 60 } }], ecs: { cluster: "prod" } },
  alerts: { pinnedAtMax: {}, flapping: {} },
  dashboard: {},
});
const about = (platform: "cloud-run" | "container-apps" | "ecs") =>
  loadTarget(platform).render(policy).warnings.filter((w) => ["alerts", "dashboard"].includes(String(w.path[0]))).map((w) => [w.path.join("."), w.code, w.severity]);

describe("alerts and dashboards outside the rendered output", () => {
  it.each(["ecs", "cloud-run", "container-apps"] as const)("%s: a note that the component creates them (they need its notification targets)", (platform) => {
    expect(about(platform)).toEqual([
      ["alerts.pinnedAtMax", "observability_by_component", "info"],
      ["alerts.flapping", "observability_by_component", "info"],
      ["dashboard", "observability_by_component", "info"],
    ]);
  });
});
