import { consultationInvite } from "@/lib/consultations/invite";
import { userRoute } from "@/lib/http/route-client";

/** A booked consultation as a calendar invite (.ics): for the investor who booked it and its advisor (404 for anyone else). */
export const GET = userRoute<{ id: string }>({}, async ({ user, params }) => {
  const { filename, text } = await consultationInvite(user, params.id);
  return new Response(text, {
    headers: {
      "content-type": "text/calendar; charset=utf-8",
      "content-disposition": `attachment; filename="${filename}"`,
      "cache-control": "no-store",
    },
  });
});
