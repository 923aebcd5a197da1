import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The dashboard talks to the API over GraphQL only; it never bundles TF.js or the database.
  transpilePackages: ['@rankfall/attack-runner'],
  typedRoutes: false,
};

export default nextConfig;
