import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatPath } from "../../src/policy/errors";
import { tryCompile } from "../../src/targets";
import { validateManifest } from "../helpers/strict-schema";
import { SENTINEL } from "./arbitraries";
import { load } from "./checks";
import { invalidKedaMetric, validKedaMetric } from "./keda-arbitrary";

/**
 * Property checks of the `keda` kind over every scaler of KEDA's schema: a metric generated valid from the schema
 * loads and renders a ScaledObject (and TriggerAuthentication) that pass the CRD schemas, closed, with the trigger's
 * metadata as given; the same metric broken in one way is refused at load with an issue at the broken field.
 */
const RUNS = Number(process.env.POLYSCALE_PROPERTY_RUNS ?? 2000) / 5;
const policy = (keda: unknown) => ({ service: "worker", namespace: "jobs", scaling: { replicas: { min: 1, max: 10 }, metrics: [{ keda }] } });

describe("keda metrics generated from KEDA's scalers schema", () => {
  it("valid ones load and render on Kubernetes as given, passing the CRDs", () => {
    fc.assert(
      fc.property(validKedaMetric, (keda) => {
        const loaded = load(policy(keda));
        expect(loaded.ok ? [] : loaded.issues.map((i) => `${formatPath(i.path)}: ${i.message}`), keda.type).toEqual([]);
        const o = tryCompile((loaded as { policy: unknown }).policy, "kubernetes");
        expect(o.ok ? [] : o.issues.map((i) => `${formatPath(i.path)}: ${i.message}`)).toEqual([]);
        const docs = (o as { result: { documents: any[] } }).result.documents;
        const trigger = docs.find((d) => d.kind === "ScaledObject").spec.triggers[0];
        expect(trigger.metadata).toEqual(keda.metadata);
        expect(trigger.authenticationRef !== undefined).toBe(keda.auth !== undefined);
        for (const d of docs) expect(validateManifest(d), d.kind).toEqual([]);
      }),
      { numRuns: RUNS },
    );
  });

  it("broken ones are refused when the policy loads, at the broken field", () => {
    fc.assert(
      fc.property(invalidKedaMetric, ({ keda, path }) => {
        const loaded = load(policy(keda));
        expect(loaded.ok).toBe(false);
        const paths = (loaded as { issues: { path: (string | number)[] }[] }).issues.map((i) => formatPath(i.path));
        expect(paths).toContain(`scaling.metrics[0].keda.${path}`);
        expect(JSON.stringify((loaded as { issues: unknown[] }).issues).includes(SENTINEL)).toBe(false);
      }),
      { numRuns: RUNS },
    );
  });
});
