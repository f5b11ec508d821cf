"use client";

import { signOut } from "next-auth/react";
import type { MouseEvent } from "react";

/** Signs out through next-auth; before the page's scripts have loaded, its form posts the same request itself. */
export function SignOutButton() {
  function onClick(event: MouseEvent<HTMLButtonElement>) {
    event.preventDefault();
    void signOut({ callbackUrl: "/sign-in" });
  }
  return (
    <button type="submit" className="button button-quiet" onClick={onClick}>
      Sign out
    </button>
  );
}
