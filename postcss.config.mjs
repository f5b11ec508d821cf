// Tailwind CSS v4 through PostCSS (Next.js reads this file for app/globals.css).
const config = { plugins: { "@tailwindcss/postcss": {} } };
export default config;
