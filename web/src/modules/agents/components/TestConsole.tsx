import { Play, Square } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { FormBanner } from '@/components/FormBanner';
import { Button } from '@/components/ui/button';
import { Sheet, SheetContent, SheetDescription, SheetTitle } from '@/components/ui/sheet';
import { Textarea } from '@/components/ui/textarea';
import { isApiError } from '@/lib/api/ApiError';
import { formatNumber } from '@/lib/format';
import { GeneratorBadge } from '@/modules/inbox/components/GeneratorBadge';
import { formatMs, formatUsd } from '../lib/agentLabels';
import { streamAgentTest } from '../lib/streamAgentTest';
import type { Agent, AgentTestResult } from '../types/agent';

function Metric({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="grid gap-0.5 rounded-lg border border-border bg-surface px-3 py-2">
      <dt className="text-[11px] font-medium uppercase tracking-wide text-muted-foreground">{label}</dt>
      <dd className="text-[13px] font-medium tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

/** Type a lead's message, watch the agent's reply stream in, and see what it cost. */
export function TestConsole({ agent, onOpenChange }: { agent: Agent | null; onOpenChange: (open: boolean) => void }) {
  const [message, setMessage] = useState('Hi, we are looking at tools like yours. What does it cost for a team of 10?');
  const [reply, setReply] = useState('');
  const [ttft, setTtft] = useState<number | null>(null);
  const [result, setResult] = useState<AgentTestResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [running, setRunning] = useState(false);
  const abortRef = useRef<AbortController | null>(null);

  useEffect(() => () => abortRef.current?.abort(), []);

  async function run() {
    if (!agent || !message.trim()) return;
    abortRef.current?.abort();
    const controller = new AbortController();
    abortRef.current = controller;
    setReply('');
    setTtft(null);
    setResult(null);
    setError(null);
    setRunning(true);
    try {
      const done = await streamAgentTest(
        agent.id,
        { message: message.trim() },
        { onDelta: (t) => setReply((r) => r + t), onFirstToken: (ms) => setTtft(ms) },
        controller.signal,
      );
      setResult(done);
      if (done.text) setReply(done.text);
    } catch (err) {
      if ((err as { name?: string })?.name !== 'AbortError') setError(isApiError(err) ? err.message : 'The test failed. Try again.');
    } finally {
      if (abortRef.current === controller) setRunning(false);
    }
  }

  return (
    <Sheet
      open={!!agent}
      onOpenChange={(open) => {
        if (!open) abortRef.current?.abort();
        onOpenChange(open);
      }}
    >
      <SheetContent className="sm:max-w-[520px]">
        <div className="grid gap-1 border-b border-border px-5 pt-5 pb-4 pr-12">
          <SheetTitle>Test {agent?.name}</SheetTitle>
          <SheetDescription>Nothing is sent to anyone. The call is logged with its cost like any other.</SheetDescription>
        </div>
        <div className="scrollbar-thin grid min-h-0 flex-1 content-start gap-4 overflow-y-auto p-5">
          <form
            className="grid gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              void run();
            }}
          >
            <label htmlFor="test-message" className="text-[13px] font-medium">
              The lead writes
            </label>
            <Textarea
              id="test-message"
              rows={4}
              value={message}
              onChange={(e) => setMessage(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && (e.metaKey || e.ctrlKey)) {
                  e.preventDefault();
                  void run();
                }
              }}
            />
            <div className="flex justify-end gap-2">
              {running && (
                <Button variant="secondary" onClick={() => abortRef.current?.abort()}>
                  <Square aria-hidden />
                  Stop
                </Button>
              )}
              <Button variant="primary" type="submit" loading={running} disabled={!message.trim()}>
                {!running && <Play aria-hidden />}
                Run test
              </Button>
            </div>
          </form>
          {error && <FormBanner>{error}</FormBanner>}
          <section className="grid gap-2" aria-label="Agent reply">
            <div className="flex items-center gap-2">
              <h3 className="text-[13px] font-medium">The agent replies</h3>
              {result && <GeneratorBadge generator={result.generator} offline={result.offline} />}
            </div>
            <div
              className="min-h-24 whitespace-pre-wrap rounded-lg border border-border bg-surface-raised px-3 py-2 text-[13px] leading-5"
              aria-live="polite"
              aria-busy={running || undefined}
              data-testid="test-reply"
            >
              {reply || <span className="text-subtle-foreground">{running ? 'Waiting for the first words…' : 'Run a test to see the reply here.'}</span>}
            </div>
          </section>
          {(result || ttft !== null) && (
            <dl className="grid grid-cols-2 gap-2 sm:grid-cols-3">
              <Metric label="Latency" value={formatMs(result?.latency_ms)} testId="test-latency" />
              <Metric label="First token" value={formatMs(result?.ttft_ms ?? ttft)} />
              <Metric label="Prompt tokens" value={formatNumber(result?.prompt_tokens)} />
              <Metric label="Reply tokens" value={formatNumber(result?.completion_tokens)} />
              <Metric label="Cost" value={formatUsd(result?.cost_usd)} />
              <Metric label="Generator" value={result ? (result.offline ? 'Offline responder' : result.generator) : '—'} />
            </dl>
          )}
        </div>
      </SheetContent>
    </Sheet>
  );
}
