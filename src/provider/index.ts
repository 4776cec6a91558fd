// Entry point of the polyscale component provider (PulumiPlugin.yaml): `pulumi package add` runs it, and
// Pulumi's analyzer starts here to find the components (./components through ./provider). The TypeScript
// entries (`polyscale`, `polyscale/kubernetes`, ...) never import this file, so they load no other cloud SDK.
import { serveProvider } from "./provider";

void serveProvider();
