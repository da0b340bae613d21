import { Ban, Bot, Check, Pencil, Trash2 } from 'lucide-react';
import { useState } from 'react';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/textarea';
import { useDraftActions } from '../hooks/useDraftActions';
import { parseBlockedReason, SEND_BLOCK_TEXT } from '../lib/sendBlock';
import type { Draft } from '../types/conversation';
import { GeneratorBadge } from './GeneratorBadge';

/** An AI draft: streaming in token by token, or ready for a human to approve, edit or discard. */
export function DraftCard({ draft }: { draft: Draft }) {
  const { approve, discard } = useDraftActions(draft.conversation_id);
  const [editing, setEditing] = useState(false);
  const [text, setText] = useState(draft.text);
  const streaming = draft.status === 'streaming';
  const busy = approve.isPending || discard.isPending;
  const block = parseBlockedReason(draft.blocked_reason);

  return (
    <section
      aria-label={streaming ? 'AI draft being written' : 'AI draft awaiting approval'}
      data-testid="draft"
      data-draft-id={draft.id}
      data-draft-status={draft.status}
      className="ml-auto grid w-full max-w-[min(560px,85%)] gap-1"
    >
      <div className="flex items-center justify-end gap-1.5 px-1 text-xs text-muted-foreground">
        <Bot className="size-3.5 text-primary-text" aria-hidden />
        <span className="font-medium text-primary-text">{streaming ? 'AI is writing…' : block ? 'AI draft — held back' : 'AI draft — not sent'}</span>
        <GeneratorBadge generator={draft.generator} offline={draft.offline} />
      </div>
      <div className="rounded-2xl rounded-br-md border border-dashed border-primary/40 bg-surface-raised px-3.5 py-2 text-[13px] leading-5">
        {editing ? (
          <Textarea
            aria-label="Edit the draft before sending"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={Math.min(10, Math.max(3, text.split('\n').length + 1))}
            autoFocus
          />
        ) : (
          <p className="whitespace-pre-wrap break-words text-foreground/90" aria-live={streaming ? 'polite' : undefined} data-testid="draft-text">
            {draft.text}
            {streaming && <span className="ml-0.5 inline-block h-3.5 w-1.5 translate-y-0.5 animate-pulse rounded-sm bg-primary/60" aria-hidden />}
          </p>
        )}
      </div>
      {(block || draft.blocked_reason) && (
        <div role="note" data-testid="draft-blocked" data-code={block?.code} className="flex items-start gap-2 rounded-lg border border-danger/25 bg-danger-tint px-3 py-2 text-xs leading-5">
          <Ban className="mt-0.5 size-3.5 shrink-0 text-danger" aria-hidden />
          <p className="min-w-0 [overflow-wrap:anywhere]">
            <span className="font-medium text-danger">The AI did not send this: {block ? SEND_BLOCK_TEXT[block.code].title.toLowerCase() : 'the send gate refused it'}.</span>{' '}
            <span className="text-muted-foreground">{block?.reason || draft.blocked_reason}</span>
          </p>
        </div>
      )}
      {!streaming && (
        <div className="flex flex-wrap items-center justify-end gap-1.5">
          <WriteGuard>
            <Button size="sm" variant="ghost" onClick={() => discard.mutate(draft.id)} disabled={busy}>
              <Trash2 aria-hidden />
              Discard
            </Button>
          </WriteGuard>
          {editing ? (
            <Button size="sm" variant="ghost" onClick={() => (setEditing(false), setText(draft.text))} disabled={busy}>
              Cancel edit
            </Button>
          ) : (
            <WriteGuard>
              <Button size="sm" variant="secondary" onClick={() => (setText(draft.text), setEditing(true))} disabled={busy}>
                <Pencil aria-hidden />
                Edit
              </Button>
            </WriteGuard>
          )}
          <WriteGuard>
            <Button
              size="sm"
              variant="primary"
              loading={approve.isPending}
              disabled={busy || (editing && !text.trim())}
              onClick={() => approve.mutate({ draftId: draft.id, text: editing && text !== draft.text ? text : undefined })}
            >
              {!approve.isPending && <Check aria-hidden />}
              {editing ? 'Approve edited' : 'Approve & send'}
            </Button>
          </WriteGuard>
        </div>
      )}
    </section>
  );
}
