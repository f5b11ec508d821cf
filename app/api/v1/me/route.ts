import { userRoute } from "@/lib/http/route-client";

export const GET = userRoute({}, async ({ user: { id, email, name, role } }) => Response.json({ id, email, name, role }));
