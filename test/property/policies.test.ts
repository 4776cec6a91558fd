import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { ScalingPolicy } from "../../src/policy";
import { SENTINEL, anyPolicyInput, shuffledKeys } from "./arbitraries";
import { PLATFORMS, documentProblems, issueProblems, load, outcome, visible } from "./checks";

/**
 * Property suite (issue 12): random policies over the whole model, each compiled to all four platforms.
 * For every policy and platform: compiling succeeds or throws a PolicyError whose issues name a field; every
 * document validates strictly against the upstream schema and the API rules of src/rules; shuffling the
 * input's object keys changes no byte of the outcome; the sentinel credential appears nowhere.
 *
 * POLYSCALE_PROPERTY_RUNS overrides the number of policies (default 10,000) and POLYSCALE_PROPERTY_SEED the seed.
 */

const RUNS = Number(process.env.POLYSCALE_PROPERTY_RUNS ?? 10_000);
const SEED = process.env.POLYSCALE_PROPERTY_SEED !== undefined ? Number(process.env.POLYSCALE_PROPERTY_SEED) : undefined;

/** Every kind of document the targets emit, so the suite shows it validated each of them. */
const ALL_KINDS = [
  "HorizontalPodAutoscaler", "ScaledObject", "TriggerAuthentication", "VerticalPodAutoscaler", "ServiceMonitor", "PrometheusRule",
  "aws:appautoscaling/target:Target", "aws:appautoscaling/policy:Policy", "aws:appautoscaling/scheduledAction:ScheduledAction",
  "azure-native:app:ContainerApp", "gcp:cloudrunv2/service:Service",
];
const kindsSeen = new Set<string>();

/** Outcome counts, so the suite can show it exercised both compiled and refused policies on every platform. */
const tally = Object.fromEntries(PLATFORMS.map((p) => [p, { compiled: 0, refusedAtLoad: 0, refusedByTarget: 0 }]));

describe("every generated policy on every platform", () => {
  it(`${RUNS} policies: PolicyError with paths or valid output (schemas, API rules), key order irrelevant, no credential leaks`, () => {
    fc.assert(
      fc.property(anyPolicyInput, fc.integer(), (input, shuffleSeed) => {
        let state = shuffleSeed >>> 0;
        const rng = () => ((state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 2 ** 32);
        const loaded = load(input);
        const reloaded = load(shuffledKeys(input, rng));
        for (const platform of PLATFORMS) {
          const o = outcome(loaded, platform);
          const t = tally[platform]!;
          if (o.ok) {
            t.compiled++;
            for (const d of o.result.documents) kindsSeen.add(String(d.kind ?? d.type));
            expect(documentProblems(platform, (loaded as { policy: ScalingPolicy }).policy, o.result), platform).toEqual([]);
          } else {
            if (o.stage === "load") t.refusedAtLoad++;
            else t.refusedByTarget++;
            expect(issueProblems(o.issues), platform).toEqual([]);
          }
          const text = visible(o);
          expect(text.includes(SENTINEL), `${platform}: the sentinel credential leaked`).toBe(false);
          expect(visible(outcome(reloaded, platform)), `${platform}: shuffled keys`).toBe(text);
        }
      }),
      { numRuns: RUNS, ...(SEED !== undefined ? { seed: SEED } : {}) },
    );
    // The suite is only meaningful if it compiles a fair share of policies on every platform.
    expect(ALL_KINDS.filter((k) => !kindsSeen.has(k)), "document kinds never generated").toEqual([]);
    for (const platform of PLATFORMS) expect(tally[platform]!.compiled, `${platform}: ${JSON.stringify(tally[platform])}`).toBeGreaterThan(RUNS / 50);
  }, 600_000); // a budget, not an assertion: 10,000 policies take about 15 s alone, more on a busy machine
});
