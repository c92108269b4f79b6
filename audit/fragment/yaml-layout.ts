/** The environment file's YAML text: comments where people review, short collections on one line. */
import { Document, isMap, isPair, isScalar, isSeq, visit } from "yaml";
import type { EnvironmentInput } from "../../config/schema";

export interface RenderNotes {
  readonly header: string;
  readonly dcr?: string;
  readonly universalLogin: "new" | "classic" | null;
  readonly appComments: readonly string[];
  readonly skipped: readonly string[];
}

export function render(environment: EnvironmentInput, notes: RenderNotes): string {
  const doc = new Document(environment);
  doc.commentBefore = notes.header;
  const tenant = doc.get("tenant", true);
  if (isMap(tenant) && notes.universalLogin) {
    tenant.comment = ` universalLogin: ${notes.universalLogin}   (the tenant's login experience; set it to manage auth0_prompt)`;
  }
  if (notes.dcr) doc.comment = ` ${notes.dcr}`;
  const apps = doc.get("apps", true);
  if (isSeq(apps)) {
    apps.items.forEach((item, i) => {
      if (isMap(item)) item.commentBefore = notes.appComments[i];
    });
  }
  const appsKey = isMap(doc.contents) ? doc.contents.items.find((p) => isScalar(p.key) && p.key.value === "apps")?.key : undefined;
  if (isScalar(appsKey) && notes.skipped.length > 0) appsKey.commentBefore = notes.skipped.map((s) => ` not imported: ${s}`).join("\n");
  flowShortCollections(doc);
  return doc.toString({ lineWidth: 0 });
}

const FLOW_KEYS = ["accessPolicy", "dcr", "clientMetadata"];

/** Short lists, grants and policies on one line, as the example environment files write them. */
function flowShortCollections(doc: Document): void {
  const short = (node: { toJSON(): unknown }, limit: number) => JSON.stringify(node.toJSON()).length <= limit;
  visit(doc, {
    Seq(_, node) {
      if (node.items.every(isScalar) && short(node, 100)) node.flow = true;
    },
  });
  visit(doc, {
    Map(_, node, path) {
      const parent = path[path.length - 1];
      const inList = isSeq(parent);
      const flowKey = isPair(parent) && isScalar(parent.key) && FLOW_KEYS.includes(String(parent.key.value));
      const simple = node.items.every((p) => isScalar(p.value) || (isSeq(p.value) && p.value.flow));
      if ((flowKey || (inList && !node.has("id"))) && simple && short(node, 120)) node.flow = true;
    },
  });
}
