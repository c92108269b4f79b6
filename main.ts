// The cdktf entry point (`cdktf synth|diff|deploy` run `node dist/main.js`, see cdktf.json):
// one TenantStack per file in environments/ (or TPA_CONFIG_DIR), written to CDKTF_OUTDIR.
import { ConfigError, loadEnvironments } from "./config";
import { buildApp } from "./stacks/build-app";

function main(): void {
  const configDir = process.env.TPA_CONFIG_DIR ?? "environments";
  try {
    const { app } = buildApp(loadEnvironments(configDir));
    app.synth();
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`${e.message}\n`);
      process.exit(2);
    }
    throw e;
  }
}

main();
