import type { NextConfig } from "next";
import { contentSecurityPolicy, GLOBAL_CSP_SOURCE, STATIC_SECURITY_HEADERS } from "./lib/http/security-headers";

const development = process.env.NODE_ENV === "development";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  reactStrictMode: true,
  experimental: {
    authInterrupts: true,
    // Identity documents are up to 10 MB (lib/kyc/documents.ts); proxy.ts refuses anonymous actions over 64 KB.
    serverActions: { bodySizeLimit: "11mb" },
    // proxy.ts sees every request, and Next.js buffers what it passes on up to this size (10 MB by default,
    // which would cut the largest identity document short).
    proxyClientMaxBodySize: "11mb",
  },
  // Native modules and the generated Prisma client stay as Node.js requires, not bundled; pdfkit reads its font
  // metrics (AFM files) from its own folder at run time.
  serverExternalPackages: ["@node-rs/argon2", "pg", "pdfkit"],
  async headers() {
    return [
      { source: "/:path*", headers: STATIC_SECURITY_HEADERS },
      // Pages get a per-request policy with a nonce from proxy.ts, which replaces this one; routes that set
      // their own (the identity document) are left out, since a header from here would win over theirs.
      { source: GLOBAL_CSP_SOURCE, headers: [{ key: "Content-Security-Policy", value: contentSecurityPolicy({ development }) }] },
    ];
  },
};

export default nextConfig;
