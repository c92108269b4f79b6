// Loaded first by the package's root entry (index.ts). In an app without its CDK core (cdktf here; cdktn in dist-cdktn,
// where the build rewrites this require), Node would say only "Cannot find module": say which entry to import.
try {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  require("cdktf");
} catch (e) {
  const missing = /Cannot find module '(cdktf|cdktn)'/.exec(String((e as Error).message))?.[1];
  if (!missing) throw e;
  throw new Error(
    missing === "cdktf"
      ? "auth0-third-party-apps needs cdktf, which this app does not have: in a CDK Terrain app import auth0-third-party-apps/cdktn (and .../cdktn/auth0); in a cdktf app run npm install cdktf@0.21 constructs"
      : "auth0-third-party-apps/cdktn needs cdktn, which this app does not have: in a cdktf app import auth0-third-party-apps (and .../auth0); in a CDK Terrain app run npm install cdktn@0.24 constructs@10.6",
  );
}
