import { z } from "zod";
import { memoByText } from "./memo";
import { expected, got, mustBe } from "./messages";

/** Query parameters that carry a credential (`?access_token=...`, `?api_key=...`, `?password=...`). */
const CREDENTIAL_PARAM_RE = /token|passw|secret|api[-_]?key|apikey|auth|credential|signature|^sig$|^key$/i;

/** True for a parameter or header name that names a credential (`access_token`, `X-Api-Key`, `Authorization`). */
export function isCredentialName(name: string): boolean {
  return CREDENTIAL_PARAM_RE.test(name);
}

/** The URL with its userinfo (`user:password@`) and credential-like query values masked, for messages. */
export function maskUrlCredentials(url: string): string {
  return url
    .replace(/^([A-Za-z][A-Za-z0-9+.-]*:\/\/)([^/?#]*)@/, "$1***@")
    .replace(/([?&])([^=&#]*)=([^&#]*)/g, (all, sep: string, key: string) => (CREDENTIAL_PARAM_RE.test(safeDecode(key)) ? `${sep}${key}=***` : all));
}

/** A `scheme://userinfo@` anywhere in a string: a URL or connection string carrying a user or password. */
const USERINFO_RE = /[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s/?#@]*@/;
const USERINFO_G = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#@]*@/g;

export function hasUserinfo(s: string): boolean {
  return USERINFO_RE.test(s);
}

/** `s` with every `scheme://userinfo@` shown as `scheme://***@`, for messages. */
export function maskUserinfo(s: string): string {
  return s.replace(USERINFO_G, "$1***@");
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/**
 * True when the URL carries a credential: a user name or password (`http://user:secret@host`), or a query
 * parameter named like one (`?access_token=...`). Such a URL would be written in plain text into trigger metadata.
 */
export const urlHasCredentials = memoByText(function urlHasCredentials(url: string): boolean {
  try {
    const u = new URL(url);
    return u.username !== "" || u.password !== "" || [...u.searchParams.keys()].some((k) => CREDENTIAL_PARAM_RE.test(k));
  } catch {
    return false;
  }
}, 1024, (has) => !has); // a URL with a credential is never kept

const URL_MAX = 2048;

/**
 * Why a string is not an http(s) URL polyscale may copy into manifests, or undefined. Userinfo
 * (`http://user:SECRET@prom:9090`) is refused: the URL is rendered in plain text into KEDA trigger and
 * Container Apps rule metadata, so credentials go through the platform's secret mechanism instead.
 * The message never repeats the credentials.
 */
export const httpUrlError = memoByText(function httpUrlError(s: string): string | undefined {
  const shown = maskUrlCredentials(s);
  if (/^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^/?#]*@/.test(s) || urlHasCredentials(s)) {
    return `must not contain credentials (user:password@ or a token parameter in the URL would be rendered in plain text): use scaling.kubernetes.prometheus.auth (a Kubernetes Secret) or, on Container Apps, scaling.containerApps.rules[].auth secret references; ${got(shown)}`;
  }
  const phrase = 'an http(s) URL like "http://prometheus-server.monitoring:9090"';
  if (s.length > URL_MAX) return `${mustBe(phrase, shown)} (at most ${URL_MAX} characters)`;
  try {
    const u = new URL(s);
    if ((u.protocol === "http:" || u.protocol === "https:") && u.hostname !== "") return undefined;
  } catch {
    // not a URL: reported below
  }
  return mustBe(phrase, shown);
}, 1024, (error) => error === undefined); // only valid URLs are kept

/** An http(s) URL without credentials (Prometheus server addresses). */
export const httpUrl = z.string(expected("an http(s) URL")).superRefine((s, ctx) => {
  const err = httpUrlError(s);
  if (err) ctx.addIssue({ code: "custom", message: err, input: maskUrlCredentials(s) });
});
