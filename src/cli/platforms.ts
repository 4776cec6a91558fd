import { PLATFORMS, type PlatformName } from "../targets/types";
import { UsageError } from "./errors";

/** Every name the CLI accepts for a platform: the canonical one, the stack / subpath name, the product. */
export const PLATFORM_ALIASES: Readonly<Record<string, PlatformName>> = {
  kubernetes: "kubernetes",
  k8s: "kubernetes",
  ecs: "ecs",
  aws: "ecs",
  "container-apps": "container-apps",
  azure: "container-apps",
  "cloud-run": "cloud-run",
  gcp: "cloud-run",
};

export const PLATFORM_HELP = "kubernetes (k8s), ecs (aws), container-apps (azure), cloud-run (gcp)";

/** The canonical platform for a name or alias; a usage error with the nearest name otherwise. */
export function resolvePlatform(name: string, extra: readonly string[] = []): PlatformName {
  const key = name.trim().toLowerCase();
  const found = PLATFORM_ALIASES[key];
  if (found) return found;
  if (extra.includes(key)) return key as PlatformName;
  const hint = didYouMean(key, [...Object.keys(PLATFORM_ALIASES), ...extra]);
  throw new UsageError(`--platform must be one of ${PLATFORM_HELP}${extra.length ? `, ${extra.join(", ")}` : ""}; got ${JSON.stringify(name)}${hint ? ` (did you mean ${JSON.stringify(hint)}?)` : ""}`);
}

export function isPlatform(name: string): name is PlatformName {
  return (PLATFORMS as readonly string[]).includes(name);
}

/** The closest candidate within edit distance 2 (or a prefix match), if any. */
export function didYouMean(given: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = c.startsWith(given) && given.length >= 2 ? 1 : editDistance(given, c);
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= 2 ? best : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}
