import { ChevronDown, FlaskConical } from 'lucide-react';
import { useId, useState } from 'react';
import { toast } from 'sonner';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Textarea } from '@/components/ui/textarea';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { sendSandboxInbound } from '../api/sendSandboxInbound';
import type { Conversation } from '../types/conversation';

const OPEN_KEY = 'omnireach.inbox.sandbox-open';

/**
 * "Reply as the lead": delivers an inbound message through the same path as a real webhook,
 * so a fresh install can show the whole loop without any channel configured.
 */
export function SandboxPanel({ conversation }: { conversation: Conversation }) {
  const { canEdit } = usePermissions();
  const [open, setOpen] = useState(() => localStorage.getItem(OPEN_KEY) === '1');
  const [text, setText] = useState('');
  const [sending, setSending] = useState(false);
  const regionId = useId();
  const leadName = conversation.lead.full_name || 'the lead';

  function toggle() {
    const next = !open;
    setOpen(next);
    try {
      localStorage.setItem(OPEN_KEY, next ? '1' : '0');
    } catch {
      /* ignore */
    }
  }

  async function send() {
    const body = text.trim();
    if (!body || !canEdit) return;
    setSending(true);
    try {
      await sendSandboxInbound({ lead_id: conversation.lead_id, channel: 'sandbox', text: body });
      setText('');
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't deliver the lead's message.");
    } finally {
      setSending(false);
    }
  }

  return (
    <section className="border-t border-border bg-surface" data-testid="sandbox-panel" aria-label="Reply as the lead">
      <button
        type="button"
        onClick={toggle}
        aria-expanded={open}
        aria-controls={regionId}
        className="focus-ring flex h-9 w-full items-center gap-2 px-4 text-left text-xs font-medium text-muted-foreground hover:text-foreground md:px-6"
      >
        <FlaskConical className="size-3.5" aria-hidden />
        Reply as the lead
        <span className="font-normal text-subtle-foreground">· sandbox</span>
        <ChevronDown className={cn('ml-auto size-3.5 transition-transform', open && 'rotate-180')} aria-hidden />
      </button>
      {open && (
        <div id={regionId} className="grid gap-2 px-4 pb-3 md:px-6">
          <p className="text-xs text-muted-foreground">
            Write what {leadName} would say. It arrives like a real inbound message, and the AI answers if it is in control.
          </p>
          <div className="flex items-end gap-2">
            <Textarea
              aria-label={`Message from ${leadName}`}
              placeholder={canEdit ? `e.g. “Sounds good — can you send pricing?”` : 'Viewers can’t simulate messages'}
              rows={2}
              className="resize-none"
              value={text}
              disabled={!canEdit}
              onChange={(e) => setText(e.target.value)}
              onKeyDown={(e) => {
                if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                  e.preventDefault();
                  void send();
                }
              }}
            />
            <WriteGuard>
              <Button onClick={() => void send()} loading={sending} disabled={!text.trim()}>
                Send as lead
              </Button>
            </WriteGuard>
          </div>
        </div>
      )}
    </section>
  );
}
