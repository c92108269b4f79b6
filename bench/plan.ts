import * as fs from "node:fs";
import * as path from "node:path";

/**
 * A plan (`terraform show -json`) that creates `apps` strict third-party clients, each with a user grant on
 * one API whose client_id is known only after apply (`auth0_client.app[count.index].client_id`). Terraform
 * 1.11 with the offline provider needs minutes to plan 10,000 resources, so the plan is Terraform's own plan
 * of one app (bench/fixtures/one-app.plan.json, from `count = 1`) with its count instances repeated.
 */
export function writeLargePlan(file: string, apps: number): void {
  const template = JSON.parse(fs.readFileSync(path.join(__dirname, "..", "..", "bench", "fixtures", "one-app.plan.json"), "utf8")) as {
    variables: { apps: { value: number } };
    planned_values: { root_module: { resources: Instance[] } };
    resource_changes: Instance[];
    [key: string]: unknown;
  };
  const repeat = (list: Instance[]) =>
    list.flatMap((r) => (r.index === 0 ? Array.from({ length: apps }, (_, i) => instance(r, i)) : [r]));
  const plan = {
    ...template,
    variables: { apps: { value: apps } },
    planned_values: { root_module: { resources: repeat(template.planned_values.root_module.resources) } },
    resource_changes: repeat(template.resource_changes),
  };
  fs.writeFileSync(file, JSON.stringify(plan));
}

interface Instance {
  readonly address: string;
  readonly index?: number;
  [key: string]: unknown;
}

/** Instance 0 of the template as instance i: its address, index, name and callback. */
function instance(r: Instance, i: number): Instance {
  return JSON.parse(
    JSON.stringify(r)
      .replace(/\[0\]"/g, `[${i}]"`)
      .replace(/"App 0"/g, `"App ${i}"`)
      .replace(/app-0\./g, `app-${i}.`)
      .replace(/"index":0/g, `"index":${i}`),
  ) as Instance;
}
