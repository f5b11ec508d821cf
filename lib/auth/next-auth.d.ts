import type { Role } from "../generated/prisma/client";

declare module "next-auth" {
  interface User {
    id: string;
    email: string;
    name: string;
    role: Role;
    sessionId: string;
  }
  interface Session {
    user: { id: string; email: string; name: string; role: Role; sessionId: string };
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    sid?: string;
    role?: Role;
  }
}
