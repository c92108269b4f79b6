// The cdktf entry point (`cdktf synth|diff|deploy` run `node dist/main.js`, see cdktf.json): the same
// synthesis and policy as `tpa synth`, from environments/ (or TPA_CONFIG_DIR) into CDKTF_OUTDIR.
// Policy errors fail it (exit 1, reports written, no stack), as they fail `tpa synth`.
import { run } from "./cli/tpa";

const args = ["synth", "--config", process.env.TPA_CONFIG_DIR ?? "environments", "--out", process.env.CDKTF_OUTDIR ?? "cdktf.out"];
process.exitCode = run(args, process.stdout, process.stderr);
