"use server";

import { requestPasswordReset } from "@/lib/auth/password-reset";
import { publicAction } from "@/lib/http/action-client";

export const requestPasswordResetAction = publicAction({}, async ({ input, context }) => requestPasswordReset(input, context));
