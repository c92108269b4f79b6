// Entry point of the offline auth0 provider that Terraform starts (through the launcher script that
// tools/offline-terraform.ts writes into a filesystem mirror). Not meant to be run by hand.
//
// TPA_PROVIDER_SCHEMA: the schema JSON to serve @default the pinned provider-schema/ file.
// TPA_PROVIDER_TENANT: a tenant snapshot (`tpa audit --save`) that imports and reads answer from @default none.
//
// When it exits: on go-plugin's Shutdown (Terraform is done with it), on StopProvider, and when the
// process that started it (Terraform) is gone. Not on end of standard input: go-plugin hands the
// plugin Terraform's own standard input, which is already closed when Terraform runs without one
// (CI, spawnSync), so it says nothing about Terraform being done.
import { pinnedSchemaFile, protoDir } from "../paths";
import { HandshakeError, serve } from "./server";

function main(): void {
  // Ctrl-C reaches the whole process group; Terraform handles it and stops us (as go-plugin servers do).
  process.on("SIGINT", () => undefined);
  const parent = process.ppid;
  setInterval(() => {
    let alive = process.ppid === parent;
    if (alive) {
      try {
        process.kill(parent, 0);
      } catch {
        alive = false;
      }
    }
    if (!alive) process.exit(0);
  }, 500).unref();

  serve({
    schemaFile: process.env.TPA_PROVIDER_SCHEMA || pinnedSchemaFile(),
    protoDir: protoDir(),
    tenantFile: process.env.TPA_PROVIDER_TENANT || undefined,
  }).catch((e) => {
    process.stderr.write(`${e instanceof HandshakeError ? e.message : `offline provider: ${(e as Error).stack ?? e}`}\n`);
    process.exit(1);
  });
}

main();
