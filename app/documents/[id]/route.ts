import { documentFile, pdfResponse } from "@/lib/documents/documents";
import { userRoute } from "@/lib/http/route-client";

/** A statement or trade confirmation as a PDF to save: for its owner, their advisor or an admin (404 for anyone else). */
export const GET = userRoute<{ id: string }>({}, async ({ user, params, context }) => pdfResponse(await documentFile(user, params.id, context)));
