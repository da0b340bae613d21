import { ArrowRight } from 'lucide-react';
import { Link } from 'react-router';
import { Badge } from '@/components/ui/badge';
import { Button } from '@/components/ui/button';
import { comingSoon } from '../lib/comingSoon';
import { navItems } from '../lib/navItems';
import { ComingSoonPreview } from './ComingSoonPreview';

/** A designed placeholder that says concretely what the page will do, never a dead end. */
export function ComingSoonPage({ page }: { page: keyof typeof comingSoon }) {
  const spec = comingSoon[page];
  const Icon = navItems.find((n) => n.to === `/${page}`)?.icon;
  return (
    <div className="mx-auto grid w-full max-w-4xl gap-8 px-4 py-8 md:px-8 md:py-12">
      <div className="grid gap-4">
        <div className="flex items-center gap-3">
          {Icon && (
            <div className="flex size-10 items-center justify-center rounded-xl bg-gradient-to-br from-primary to-violet-500 text-white shadow-[0_4px_14px_-4px_var(--primary)]">
              <Icon className="size-5" aria-hidden />
            </div>
          )}
          <Badge variant="brand">In development</Badge>
        </div>
        <div className="grid max-w-2xl gap-2">
          <h2 className="text-xl font-semibold tracking-tight md:text-2xl">{spec.headline}</h2>
          <p className="text-sm leading-6 text-muted-foreground">{spec.description}</p>
        </div>
      </div>

      <ComingSoonPreview kind={spec.preview} />

      <section aria-labelledby="soon-features" className="grid gap-4">
        <h3 id="soon-features" className="text-[13px] font-semibold">
          What you'll be able to do
        </h3>
        <ul className="grid gap-x-8 gap-y-5 sm:grid-cols-2">
          {spec.features.map((f) => (
            <li key={f.title} className="flex gap-3">
              <div className="flex size-8 shrink-0 items-center justify-center rounded-lg border border-border bg-surface-raised text-primary-text shadow-card">
                <f.icon className="size-4" aria-hidden />
              </div>
              <div className="grid content-start gap-0.5">
                <p className="text-[13px] font-medium">{f.title}</p>
                <p className="text-[13px] leading-5 text-muted-foreground">{f.body}</p>
              </div>
            </li>
          ))}
        </ul>
      </section>

      <div className="flex flex-wrap items-center gap-3 rounded-xl border border-border bg-surface px-5 py-4">
        <p className="flex-1 text-[13px] text-muted-foreground">{spec.title} is being built. Until then, your leads and team are ready to go.</p>
        <Button asChild variant="secondary">
          <Link to={spec.meanwhile.to}>
            {spec.meanwhile.label}
            <ArrowRight aria-hidden />
          </Link>
        </Button>
      </div>
    </div>
  );
}
