export async function register() {
  // Node.js only: the check lives in its own module so the Edge build never sees process.exit.
  if (process.env.NEXT_RUNTIME === "nodejs") {
    // Before the first request: every request's X-Forwarded-For ends with the connection's address.
    const { appendPeerAddressToForwardedFor } = await import("./lib/http/peer-address");
    appendPeerAddressToForwardedFor();
    const { checkConfigurationOrExit, reportDeploymentProblems } = await import("./lib/startup");
    checkConfigurationOrExit();
    void reportDeploymentProblems();
  }
}
