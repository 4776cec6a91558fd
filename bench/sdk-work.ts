/**
 * For the mocks item: the work a program makes the Pulumi SDK do, counted rather than timed, so it does not
 * vary between runs. Per service: stack traces the SDK formats (`debuggablePromise` and `Resource.callsites`
 * format one each; under a source-mapped loader they dominate the SDK's cost) and promise reactions (`then`).
 * "required" is the least that issue 15 asks of a component, written out by hand: one ComponentResource with
 * the component's token, its inputs and its legacy-token alias, parenting the hand-written resources (for
 * Kubernetes the HPA also carries its old-parent alias and depends on the Deployment, as KubernetesService's does).
 */
import { ComponentResource } from "@pulumi/pulumi";
import { childUrn, rootUrn } from "../src/components/tokens";

export interface SdkWork {
  stacks: number;
  reactions: number;
}

/** Count the SDK work of `build` (run once after a mocks reset), per service. */
export async function countSdkWork(reset: () => Promise<void>, settled: () => Promise<void>, build: () => void, services: number): Promise<SdkWork> {
  await reset();
  let stacks = 0;
  let reactions = 0;
  const prepare = Error.prepareStackTrace;
  const then = Promise.prototype.then;
  Error.prepareStackTrace = () => {
    stacks++;
    return "";
  };
  Promise.prototype.then = function (this: Promise<unknown>, ...args: Parameters<Promise<unknown>["then"]>) {
    reactions++;
    return then.apply(this, args);
  } as typeof then;
  try {
    build();
    await settled();
  } finally {
    Error.prepareStackTrace = prepare;
    Promise.prototype.then = then;
  }
  return { stacks: stacks / services, reactions: reactions / services };
}

/** The component the issue requires, with no polyscale component in it (its URNs formatted by src/components/tokens.ts). */
export class RequiredComponent extends ComponentResource {
  constructor(type: string, legacyType: string, name: string, inputs: Record<string, unknown>) {
    super(type, name, inputs, { aliases: [rootUrn(legacyType, name)] });
  }

  done(outputs: Record<string, unknown>): void {
    this.registerOutputs(outputs);
  }
}

/** The old-parent alias of an HPA that was under KubernetesService `service`'s nested KubernetesScaling. */
export function legacyHpaAlias(service: string, child: string): string {
  const oldParent = childUrn(rootUrn("polyscale:kubernetes:Service", service), "polyscale:kubernetes:ServiceScaling", `${service}-scaling`);
  return childUrn(oldParent, "kubernetes:autoscaling/v2:HorizontalPodAutoscaler", child);
}

export const formatWork = (w: SdkWork): string => `${w.stacks.toFixed(0)} stack traces / ${w.reactions.toFixed(0)} promise reactions`;
