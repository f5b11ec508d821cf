import type { Metadata, Viewport } from "next";
import { connection } from "next/server";
import type { ReactNode } from "react";
import { Providers } from "@/components/providers";
import { TimeZoneCookie } from "@/components/format/time-zone-cookie";
import { EmailVerificationBanner } from "@/components/account/email-verification-banner";
import { SiteFooter } from "@/components/site-footer";
import { SiteHeader } from "@/components/site-header";
import { resendVerificationAction } from "./(investor)/settings/account-actions";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Autovest — automated investing", template: "%s · Autovest" },
  description: "Diversified portfolios that invest and rebalance themselves.",
  manifest: "/manifest.webmanifest",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1, themeColor: "#1d5fd1" };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: its scripts carry that request's CSP nonce (proxy.ts).
  await connection();
  return (
    <html lang="en">
      <body>
        <a href="#content" className="skip-link">
          Skip to content
        </a>
        <TimeZoneCookie />
        <Providers>
          <SiteHeader />
          <EmailVerificationBanner resend={resendVerificationAction} />
          <div id="content">{children}</div>
          <SiteFooter />
        </Providers>
      </body>
    </html>
  );
}
