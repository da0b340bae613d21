import { FlaskConical, Mail, MessageCircle, MessageSquare, Phone } from 'lucide-react';
import type { Channel } from '@/modules/leads/types/lead';
import { cn } from '@/lib/cn';

function LinkedinGlyph({ className }: { className?: string }) {
  return (
    <svg viewBox="0 0 24 24" className={className} aria-hidden fill="currentColor">
      <path d="M4.98 3.5a2.5 2.5 0 1 1 0 5 2.5 2.5 0 0 1 0-5ZM3 9.75h4V21H3V9.75Zm6.5 0h3.83v1.54h.05c.53-.95 1.84-1.95 3.79-1.95 4.05 0 4.8 2.53 4.8 5.83V21h-4v-5.13c0-1.22-.02-2.8-1.77-2.8-1.77 0-2.04 1.33-2.04 2.71V21h-4V9.75Z" />
    </svg>
  );
}

/** The lead channels plus the built-in sandbox (messages in the inbox can travel on it). */
type AnyChannel = Channel | 'sandbox';

const ICONS: Record<AnyChannel, React.ComponentType<{ className?: string }>> = {
  sandbox: FlaskConical,
  email: Mail,
  sms: MessageSquare,
  whatsapp: MessageCircle,
  voice: Phone,
  linkedin: LinkedinGlyph,
};

const COLOURS: Record<AnyChannel, string> = {
  sandbox: 'text-muted-foreground bg-muted',
  email: 'text-channel-email bg-channel-email/12',
  sms: 'text-channel-sms bg-channel-sms/12',
  whatsapp: 'text-channel-whatsapp bg-channel-whatsapp/12',
  voice: 'text-channel-voice bg-channel-voice/12',
  linkedin: 'text-channel-linkedin bg-channel-linkedin/12',
};

/** A channel's icon, optionally in its small tinted badge. */
export function ChannelIcon({
  channel,
  badge = false,
  className,
}: {
  channel: AnyChannel;
  badge?: boolean;
  className?: string;
}) {
  const Icon = ICONS[channel] ?? MessageSquare;
  if (!badge) return <Icon className={cn('size-3.5', className)} />;
  return (
    <span className={cn('inline-flex size-6 items-center justify-center rounded-md', COLOURS[channel], className)}>
      <Icon className="size-3.5" />
    </span>
  );
}
