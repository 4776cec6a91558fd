import { PolicyError } from "../../src/policy/errors";

/** The PolicyError `fn` throws; any other error is rethrown, and returning normally fails the test. */
export function policyErrorOf(fn: () => unknown): PolicyError {
  try {
    fn();
  } catch (e) {
    if (e instanceof PolicyError) return e;
    throw e;
  }
  throw new Error("expected a PolicyError");
}
