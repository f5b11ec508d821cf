import Link from "next/link";

export default function Forbidden() {
  return (
    <main className="narrow">
      <h1>You do not have access to this page</h1>
      <p>Your account is signed in, but this area is for a different role. If you think this is wrong, contact support.</p>
      <p>
        <Link href="/">Back to the start</Link>
      </p>
    </main>
  );
}
