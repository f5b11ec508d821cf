import { requireUser } from "@/lib/auth/guards";
import { apiRoute } from "@/lib/http/respond";

export const GET = apiRoute(async () => {
  const { id, email, name, role } = await requireUser();
  return Response.json({ id, email, name, role });
});
