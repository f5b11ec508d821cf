import { readerOfApiToken } from "../auth/api-tokens";
import { requireApiReader, requireUser } from "../auth/guards";
import { userOfSession } from "../auth/sessions";
import { requireStaffSecondFactor } from "../auth/step-up";
import type { LiveViewer } from "./events";

/**
 * Who may open the live stream, and how to tell later that they still may: the browser session (staff having
 * passed their second factor), or a personal API token (read-only, investors). Throws Unauthenticated (401)
 * or Forbidden otherwise.
 */
export async function liveViewerOf(request: Request): Promise<{ viewer: LiveViewer; stillSignedIn: () => Promise<boolean> }> {
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const user = await requireApiReader(request);
    const token = authorization.split(" ")[1] ?? "";
    return {
      viewer: { userId: user.id, role: user.role, sessionId: user.sessionId },
      stillSignedIn: async () => (await readerOfApiToken(token))?.user.id === user.id,
    };
  }
  const user = await requireStaffSecondFactor(await requireUser());
  return {
    viewer: { userId: user.id, role: user.role, sessionId: user.sessionId },
    // A changed role ends the stream too: what it may be sent was decided by the role it opened with.
    stillSignedIn: async () => (await userOfSession(user.sessionId))?.role === user.role,
  };
}
