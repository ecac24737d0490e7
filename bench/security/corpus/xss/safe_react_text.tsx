// @ts-nocheck — a labelled scanner sample, not code of this project
export default function Profile({ searchParams }: { searchParams: { bio?: string } }) {
  const bio = searchParams.bio ?? '';
  return (
    <section>
      <p>{bio}</p>
    </section>
  );
}
