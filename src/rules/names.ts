/** Names the cloud platforms accept for the resources polyscale names after a service. */

/**
 * Cloud Run service names: "Service name must use only letters, numbers and '-'. Must begin with a letter and
 * cannot end with a '-'. Maximum length is 63 characters." (the API's field violation on metadata.name, quoted
 * in jamesward/cloud-run-button#4); lower case, as every Cloud Run resource name.
 */
export function isCloudRunServiceName(name: string): boolean {
  return /^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$/.test(name);
}

/**
 * Container App names: "A name must consist of lower case alphanumeric characters or '-', start with an
 * alphabetic character, and end with an alphanumeric character and cannot have '--'. The length must be between
 * 2 and 32 characters inclusive." (ARM error ContainerAppInvalidName; Azure/azure-cli#27933,
 * microsoft/azure-container-apps#1103).
 */
export function isContainerAppName(name: string): boolean {
  return /^[a-z]([-a-z0-9]{0,30}[a-z0-9])$/.test(name) && !name.includes("--");
}
