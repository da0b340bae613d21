import { useNow } from '../hooks/useNow';
import type { TypingEntry } from '../stores/useLiveStore';

/** "Ada is typing…" for entries that haven't expired; re-checks once a second while any show. */
export function TypingIndicator({ entries, leadName, meId }: { entries: TypingEntry[]; leadName: string; meId?: string }) {
  const now = useNow(1000, entries.length > 0);
  // The server relays typing to every subscribed session, the typist's own included.
  const active = entries.filter((t) => t.until > now && !(t.who.kind === 'human' && t.who.user_id === meId));
  if (!active.length) return null;
  const names = active.map((t) => (t.who.kind === 'ai' ? 'The AI' : t.who.name || leadName));
  const text = names.length === 1 ? `${names[0]} is typing…` : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]} are typing…`;
  return (
    <div className="flex items-center gap-2 px-1 text-xs text-muted-foreground" data-testid="typing-indicator">
      <span className="flex gap-0.5" aria-hidden>
        {[0, 1, 2].map((i) => (
          <span key={i} className="size-1 animate-bounce rounded-full bg-muted-foreground/70" style={{ animationDelay: `${i * 120}ms` }} />
        ))}
      </span>
      {text}
    </div>
  );
}
