import * as fs from "node:fs";
import * as path from "node:path";

/**
 * Writes into `outDir` so that a failure leaves the previous contents whole: everything is first written to
 * a sibling temporary folder, then each file is renamed into place. Stack folders of environments that are
 * not written this time lose their cdk.tf.json, so nothing stale can be planned; whatever else a stack folder
 * holds (Terraform's .terraform/, local state) is left alone.
 */
export function writeAtomically(
  outDir: string,
  write: (tmpDir: string) => void,
  keep: (relativePath: string) => boolean = () => true,
): string[] {
  const parent = path.dirname(path.resolve(outDir));
  fs.mkdirSync(parent, { recursive: true });
  const tmp = fs.mkdtempSync(path.join(parent, `.${path.basename(outDir)}.tmp-`));
  try {
    write(tmp);
    const files = listFiles(tmp).filter(keep);
    const stacks = new Set(files.filter(isStackFile).map((f) => f.split("/")[1]));
    removeStacksExcept(outDir, stacks);
    if (stacks.size === 0) fs.rmSync(path.join(outDir, "manifest.json"), { force: true });
    for (const rel of files) {
      const dest = path.join(outDir, rel);
      fs.mkdirSync(path.dirname(dest), { recursive: true });
      fs.renameSync(path.join(tmp, rel), dest);
    }
    return files;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function removeStacksExcept(outDir: string, keep: ReadonlySet<string>): void {
  const stacksDir = path.join(outDir, "stacks");
  if (!fs.existsSync(stacksDir)) return;
  for (const name of fs.readdirSync(stacksDir)) {
    if (!keep.has(name)) fs.rmSync(path.join(stacksDir, name, "cdk.tf.json"), { force: true });
  }
}

export function isStackFile(rel: string): boolean {
  return /^stacks\/[^/]+\/cdk\.tf\.json$/.test(rel);
}

function listFiles(dir: string, prefix = ""): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    return e.isDirectory() ? listFiles(path.join(dir, e.name), rel) : [rel];
  });
}
