import * as aws from "@pulumi/aws";
import { EcsServiceScaling } from "polyscale/aws";
import { KubernetesScaling } from "polyscale/kubernetes";

// Plain policy objects: the compiler checks every field name and value.
const checkout = new KubernetesScaling("checkout", {
  policy: {
    service: "checkout",
    namespace: "shop",
    scaling: {
      replicas: { min: 3, max: 30 },
      metrics: [{ cpu: { utilization: 60 } }],
      scaleDown: { stabilization: "5m", policies: [{ replicas: 2, per: "1m" }] },
    },
  },
});

const cluster = new aws.ecs.Cluster("shop");
const web = new aws.ecs.Service("web", { cluster: cluster.arn, desiredCount: 2 });
const webScaling = new EcsServiceScaling("web", {
  policy: { service: "web", scaling: { replicas: { min: 2, max: 10 }, metrics: [{ cpu: { utilization: 50 } }] } },
  clusterName: cluster.name,
  serviceName: web.name,
});

export const checkoutHpa = checkout.hpaName;
export const webResourceId = webScaling.resourceId;
