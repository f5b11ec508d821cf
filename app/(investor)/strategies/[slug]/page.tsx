import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { AllocationTable } from "@/components/investing/allocation-table";
import { FollowStrategyForm } from "@/components/strategies/follow-form";
import { CapacityBadge, StrategyFigures, signedPercent } from "@/components/strategies/strategy-figures";
import { TrackRecordChart } from "@/components/strategies/track-record-chart";
import { Alert } from "@/components/ui/alert";
import { requirePageUser } from "@/lib/auth/guards";
import { NotFound } from "@/lib/errors";
import { viewerFormat } from "@/lib/format/viewer";
import { formatMoney } from "@/lib/money";
import { fixedRatio } from "@/lib/portfolio/returns";
import { strategyBySlug } from "@/lib/strategies/views";
import { followStrategyAction, unfollowStrategyAction } from "../actions";

export const metadata: Metadata = { title: "Strategy" };

export default async function StrategyPage({ params }: { params: Promise<{ slug: string }> }) {
  const { slug } = await params;
  const user = await requirePageUser(`/strategies/${slug}`, ["INVESTOR"]);
  const [strategy, format] = await Promise.all([
    strategyBySlug(user, slug).catch((error: unknown) => {
      if (error instanceof NotFound) notFound();
      throw error;
    }),
    viewerFormat(),
  ]);
  const record = strategy.record;
  return (
    <main>
      <p>
        <Link href="/strategies">All strategies</Link>
      </p>
      <h1>{strategy.name}</h1>
      <p className="lede">{strategy.description}</p>
      <p>
        {strategy.risk && `Risk level ${strategy.risk.level} of ${strategy.risk.of}. `}
        <CapacityBadge capacity={strategy.capacity} />
      </p>
      <p data-testid="followers">{strategy.followers}.</p>

      <section className="card" aria-labelledby="record-heading">
        <h2 id="record-heading">Track record</h2>
        {record ? (
          <>
            <p>
              From {format.day(record.net.first)} to {format.day(record.net.last)}, after our advisory fee of {fixedRatio(record.feeRate.toNumber() * 100, 2)}% a
              year (the rate on {formatMoney(record.feeReferenceBalance)}; larger balances pay less). Before fees: {signedPercent(record.gross.sinceInception)}.
              {record.benchmark && <> The 60/40 benchmark over the same days: {signedPercent(record.benchmark.sinceInception)}.</>}
            </p>
            <TrackRecordChart series={{ dates: record.series.dates, net: record.series.net, benchmark: record.series.benchmark }} locale={format.locale} />
            <StrategyFigures figures={record.net} prefix="strategy" />
            {record.benchmark && (
              <>
                <h3>60/40 benchmark, same days</h3>
                <StrategyFigures figures={record.benchmark} prefix="benchmark" />
              </>
            )}
          </>
        ) : (
          <p>This strategy has no price history to show yet.</p>
        )}
      </section>

      <div className="columns">
        <section className="card" aria-labelledby="allocation-heading">
          <h2 id="allocation-heading">What it holds</h2>
          <AllocationTable allocation={strategy.model.allocation} caption={`Target weights, version ${strategy.model.version}`} />
        </section>
        <section className="card" aria-labelledby="follow-heading">
          <h2 id="follow-heading">Follow it</h2>
          {strategy.following ? (
            <>
              <Alert tone="info">Your portfolio follows {strategy.name}.</Alert>
              {strategy.recommendedSlug !== strategy.slug && (
                <FollowStrategyForm action={unfollowStrategyAction} label="Stop following: back to my recommended portfolio" quiet />
              )}
            </>
          ) : strategy.capacity === "above" ? (
            <p>
              {strategy.name} takes more risk than your answers allow
              {strategy.capacityReasons.length > 0 && <>, because {strategy.capacityReasons.join(" and ")}</>}: money needed soon should not ride
              out a deep fall. <Link href="/onboarding?retake=1">Retake the questionnaire</Link> if your situation has changed.
            </p>
          ) : strategy.capacity === "unknown" ? (
            <p>
              <Link href="/onboarding">Answer the risk questionnaire</Link> first: it decides which strategies fit you.
            </p>
          ) : (
            <>
              {strategy.capacity === "higher" && (
                <div className="alert alert-warn" role="note">
                  <p>
                    <strong>{strategy.name} takes more risk than your answers support.</strong> It can fall further and for longer than the portfolio
                    we recommend; you might need the money while it is down.
                  </p>
                </div>
              )}
              <p>Following moves your whole portfolio to this strategy. You see the trades and the estimated tax first; nothing is bought or sold until you confirm.</p>
              <FollowStrategyForm action={followStrategyAction} slug={strategy.slug} label={`Follow ${strategy.name}`} acknowledge={strategy.capacity === "higher"} />
            </>
          )}
          <p className="muted">Published {format.date(strategy.publishedAt)}.</p>
        </section>
      </div>
    </main>
  );
}
