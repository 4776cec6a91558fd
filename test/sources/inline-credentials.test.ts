/**
 * An event source's authentication parameter written inline under `from.<key>` (a connection string, a password,
 * an access key) is refused at `from.<key>` with a message pointing at `auth.secret.parameters.<param>`, and the
 * value never appears in the message. Driven by every registered module's `credentialParameters`.
 */
import { describe, expect, it } from "vitest";
import { parsePolicy } from "../../src/policy/load";
import { SOURCES } from "../../src/sources/registry";
import { policyErrorOf } from "../helpers/policy-error";

const SENTINEL = "amqp://guest:Sentinel-Pa55@broker.prod:5672/";

/** The fields a module's schema declares (an auth parameter that is also a declared field is not an inline credential). */
function declared(schema: unknown): string[] {
  const shape = (schema as { _zod?: { def?: { shape?: Record<string, unknown> } } })._zod?.def?.shape;
  return Object.keys(shape ?? {});
}

const cases = SOURCES.flatMap((m) =>
  m.credentialParameters.filter((p) => !declared(m.schema).includes(p)).map((p) => ({ key: m.key, param: p, example: m.examples[0] as Record<string, unknown>, kind: m.kinds[0]! })),
);

function policyWith(kind: string, key: string, source: Record<string, unknown>) {
  const metric = kind === "queue" ? { queue: { jobsPerReplica: 10, from: { [key]: source } } } : { [kind]: { perReplica: 10, from: { [key]: source } } };
  return { service: "worker", namespace: "prod", scaling: { replicas: { min: 1, max: 10 }, metrics: [metric] } };
}

describe("inline authentication parameters on event sources", () => {
  it("covers the credentials users write inline most often", () => {
    const names = cases.map((c) => `${c.key}.${c.param}`);
    for (const n of ["rabbitmq.host", "sqs.awsSecretAccessKey", "azureQueue.connection", "serviceBus.connection", "redisList.password"]) expect(names).toContain(n);
  });

  it.each(cases)("from.$key.$param is refused at from.$key, pointing at auth.secret.parameters.$param, value not echoed", ({ key, param, example, kind }) => {
    const err = policyErrorOf(() => parsePolicy(policyWith(kind, key, { ...example, [param]: SENTINEL })));
    const issue = err.issues.find((i) => i.path.join(".") === `scaling.metrics.0.${kind}.from.${key}`);
    expect(issue?.message).toContain(`auth.secret.parameters.${param}`);
    expect(issue?.message).toContain(`"${param}" is an authentication parameter`);
    expect(err.message).not.toContain("Sentinel-Pa55");
  });

  it("an unknown key next to an inline credential is still reported as unknown", () => {
    const err = policyErrorOf(() => parsePolicy(policyWith("queue", "rabbitmq", { queueName: "orders", host: SENTINEL, queueLenght: 5 })));
    const msg = err.issues.find((i) => i.path.join(".") === "scaling.metrics.0.queue.from.rabbitmq")!.message;
    expect(msg).toContain('"host" is an authentication parameter');
    expect(msg).toMatch(/unknown field "queueLenght"/);
  });
});
