import type { PathSegment, PolicyIssue } from "../policy/errors";

/**
 * Names of the resources the cloud targets name after the policy's `service` (a DNS-1123 label: up to 63
 * lower-case letters, digits and '-', possibly starting with a digit or holding '--').
 */

/**
 * Cloud Run service names: "Service name must use only letters, numbers and '-'. Must begin with a letter and
 * cannot end with a '-'. Maximum length is 63 characters." (the API's field violation on metadata.name, as quoted
 * in jamesward/cloud-run-button#4); lower case, as every Cloud Run resource name.
 */
const CLOUD_RUN_SERVICE_RE = /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/;

export function cloudRunServiceNameIssue(name: string, path: PathSegment[], how: string): PolicyIssue | undefined {
  if (CLOUD_RUN_SERVICE_RE.test(name)) return undefined;
  return {
    code: "invalid_name",
    path,
    message: `${JSON.stringify(name)} is not a Cloud Run service name (lower-case letters, digits and '-', starting with a letter, at most 63 characters); ${how}`,
  };
}

/**
 * Container App names: "A name must consist of lower case alphanumeric characters or '-', start with an
 * alphabetic character, and end with an alphanumeric character and cannot have '--'. The length must be between
 * 2 and 32 characters inclusive." (ARM error ContainerAppInvalidName, e.g. Azure/azure-cli#27933,
 * microsoft/azure-container-apps#1103).
 */
const CONTAINER_APP_RE = /^[a-z]([-a-z0-9]{0,30}[a-z0-9])$/;

export function containerAppNameIssue(name: string, path: PathSegment[], how: string): PolicyIssue | undefined {
  if (CONTAINER_APP_RE.test(name) && !name.includes("--")) return undefined;
  return {
    code: "invalid_name",
    path,
    message: `${JSON.stringify(name)} is not a Container App name (2 to 32 lower-case letters, digits and '-', starting with a letter, ending with a letter or digit, no '--'); ${how}`,
  };
}
