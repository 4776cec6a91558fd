import { target as cloudRun } from "./cloud-run";
import { target as containerApps } from "./container-apps";
import { target as ecs } from "./ecs";
import { target as kubernetes } from "./kubernetes";
import type { PlatformName, PlatformTarget } from "./types";

// Targets are pure compilers (no provider SDK is imported here), so loading all of them is cheap.
const TARGETS: Record<PlatformName, PlatformTarget> = {
  kubernetes,
  ecs,
  "container-apps": containerApps,
  "cloud-run": cloudRun,
};

export function loadTarget(platform: PlatformName): PlatformTarget {
  return TARGETS[platform];
}

export * from "./types";
export * from "./resource-names";
