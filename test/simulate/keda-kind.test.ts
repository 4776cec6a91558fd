import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/policy/errors";
import { parsePolicy } from "../../src/policy/load";
import { simulate, type Trace } from "../../src/simulate";
import { expectReachesReplicas } from "../../src/testing/simulate";
import { policyErrorOf } from "../helpers/policy-error";

/**
 * A `keda` metric replays from the trace column named after its scaler type, against the scaler's target parameter
 * as written, else KEDA's default from scalers-schema.json (nats-jetstream lagThreshold "10"). KEDA's AverageValue:
 * desired = ceil(total / target).
 */
const policyWith = (keda: Record<string, unknown>) =>
  parsePolicy({ service: "worker", namespace: "jobs", scaling: { replicas: { min: 1, max: 20 }, metrics: [{ keda }] } });

const postgres = policyWith({ type: "postgresql", metadata: { connectionFromEnv: "PG", query: "SELECT count(*) FROM jobs", targetQueryValue: "5" } });
const nats = policyWith({ type: "nats-jetstream", metadata: { natsServerMonitoringEndpoint: "nats:8222", stream: "s", consumer: "c" } });

const backlog = (column: string, level: number): Trace => [
  { t: 0, values: { [column]: 4 } },
  { t: 60, values: { [column]: level } },
  { t: 1200, values: { [column]: level } },
];

describe("keda metric in the simulator", () => {
  it("reads the column named after the scaler type against the target parameter as written (40 / 5 = 8)", () => {
    for (const platform of ["keda", "container-apps"] as const) {
      const r = expectReachesReplicas(postgres, backlog("postgresql", 40), { platform, replicas: 8, within: "10m", count: "desired" });
      expect(r.metrics).toEqual([expect.objectContaining({ label: "keda:postgresql", target: 5, targetType: "AverageValue" })]);
    }
  });

  it("uses KEDA's default target when the policy leaves it out (nats-jetstream lagThreshold 10: 55 / 10 -> 6)", () => {
    const r = expectReachesReplicas(nats, backlog("nats-jetstream", 55), { platform: "keda", replicas: 6, within: "10m", count: "desired" });
    expect(r.metrics[0]!.target).toBe(10);
  });

  it("reads the target under either name of an aliased field (datadog targetValue;queryValue: 30 / 7.5 -> 4)", () => {
    const datadog = policyWith({ type: "datadog", metadata: { query: "sum:http.requests{service:a}", queryValue: "7.5" }, auth: { triggerAuthentication: "dd" } });
    const r = expectReachesReplicas(datadog, backlog("datadog", 30), { platform: "keda", replicas: 4, within: "10m", count: "desired" });
    expect(r.metrics[0]!.target).toBe(7.5);
  });

  it("a trace without that column is refused, naming the column and the metric", () => {
    const e = policyErrorOf(() => simulate(postgres, backlog("queue", 40), { platform: "keda" }));
    expect(e.issues.map((i) => formatPath(i.path))).toEqual(["scaling.metrics[0].keda"]);
    expect(e.issues[0]!.message).toContain("`postgresql`");
  });
});
