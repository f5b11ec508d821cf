export async function register() {
  // Node.js only: the check lives in its own module so the Edge build never sees process.exit.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { checkConfigurationOrExit, reportDeploymentProblems } = await import("./lib/startup");
    checkConfigurationOrExit();
    void reportDeploymentProblems();
  }
}
