import { z } from "zod";
import { expected } from "./messages";

/**
 * Kubernetes name and label rules (k8s.io/apimachinery/pkg/util/validation/validation.go), checked when
 * the policy loads so no manifest the API server would reject is ever rendered.
 */

const LABEL_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_RE = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;


/** True for a DNS-1123 label: lower-case alphanumerics and '-', at most 63. */
export function isDns1123Label(s: string): boolean {
  return s.length <= 63 && LABEL_RE.test(s);
}

/** DNS-1123 label: lower-case alphanumerics and '-', at most 63 (namespaces, container names). */
export const dns1123Label = (what: string) =>
  z.string(expected(`a ${what} (a string)`)).refine(isDns1123Label, expected(`a DNS-1123 label (${what}: lower-case letters, digits and '-', starting and ending with a letter or digit, at most 63 characters)`));

/**
 * True for a port name, an IANA service name (validation.go IsValidPortName, the rule for container and
 * Service port names): at most 15 lower-case letters, digits and '-', at least one letter, no '-' at
 * either end or twice in a row. All digits would read as a number, so a letter is required.
 */
export function isPortName(s: string): boolean {
  return s.length <= 15 && LABEL_RE.test(s) && /[a-z]/.test(s) && !s.includes("--");
}

/** A Service port name (IANA service name), where a container port number is the alternative. */
export const portName = z
  .string(expected("a port name (a string)"))
  .refine(isPortName, expected("a Service port name (an IANA service name: at most 15 lower-case letters, digits and '-', with at least one letter, no '-' at either end or twice in a row) or a container port number without quotes (9090)"));

/** True for a DNS-1123 subdomain: dot-separated labels, at most 253. */
export function isDns1123Subdomain(s: string): boolean {
  return s.length <= 253 && SUBDOMAIN_RE.test(s);
}

/** DNS-1123 subdomain: the rule for most object names (at most 253, dot-separated labels). */
export const dns1123Subdomain = (what: string) =>
  z.string(expected(`a ${what} (a string)`)).refine(isDns1123Subdomain, expected(`a DNS-1123 subdomain (${what}: lower-case letters, digits, '-' and '.', at most 253 characters)`));

export function isLabelKey(key: string): boolean {
  const slash = key.lastIndexOf("/");
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && !(prefix.length <= 253 && SUBDOMAIN_RE.test(prefix))) return false;
  return name.length <= 63 && QUALIFIED_NAME_RE.test(name);
}

export function isLabelValue(value: string): boolean {
  return value === "" || (value.length <= 63 && QUALIFIED_NAME_RE.test(value));
}

/** A map of Kubernetes labels (keys `[prefix/]name`, values at most 63 alphanumerics, '-', '_' or '.'). */
export const labels = (what: string) =>
  z.record(
    z.string().refine(isLabelKey, expected(`a valid ${what} key ([prefix/]name; name at most 63 letters, digits, '-', '_' or '.')`)),
    z.string().refine(isLabelValue, expected(`a valid ${what} value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)`)),
  );

/** A custom/external metric name: a path segment (no '/' or '%', not '.' or '..'). */
export const metricPathSegment = z.string().min(1).max(253).refine((s) => !/[/%]/.test(s) && s !== "." && s !== "..", expected("a valid path segment name (no '/' or '%', not '.' or '..')"));

/** An object kind (`Ingress`, `Service`). */
export const kindName = z.string().max(63).regex(/^[A-Z][A-Za-z0-9]*$/, expected('a Kubernetes kind like "Ingress"'));

/** An apiVersion (`v1`, `apps/v1`, `networking.k8s.io/v1beta1`). */
export const apiVersion = z.string().max(316).regex(/^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?v[0-9]+((alpha|beta)[0-9]+)?$/, expected('an apiVersion like "apps/v1" or "v1"'));
