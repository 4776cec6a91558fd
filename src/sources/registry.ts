import type { SourceModule } from "./types";

/**
 * Every event source, in README order. The model (`from.<key>`), the targets and the simulator read this
 * table; adding a source is its module plus one line here.
 */
export const SOURCES: readonly SourceModule<any>[] = [];

/** The module of a `from` key, if it is an event source. */
export function sourceModule(key: string): SourceModule<any> | undefined {
  return SOURCES.find((s) => s.key === key);
}
