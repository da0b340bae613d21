import { Lock, SendHorizontal, Sparkles } from 'lucide-react';
import { useMemo, useState, type KeyboardEvent, type RefObject } from 'react';
import { toast } from 'sonner';
import { ChannelIcon } from '@/components/ChannelIcon';
import { WriteGuard } from '@/components/WriteGuard';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { SegmentedControl } from '@/components/ui/segmented-control';
import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from '@/components/ui/select';
import { Textarea } from '@/components/ui/textarea';
import { Tooltip } from '@/components/ui/tooltip';
import { isApiError } from '@/lib/api/ApiError';
import { cn } from '@/lib/cn';
import { usePermissions } from '@/modules/auth/hooks/usePermissions';
import { fillPlaceholders } from '@/modules/channels/lib/whatsappPlaceholders';
import type { WhatsappTemplate } from '@/modules/channels/types/whatsappTemplate';
import { requestSuggestion } from '../api/requestSuggestion';
import { useMessagesInfinite } from '../hooks/useMessagesInfinite';
import { useNow } from '../hooks/useNow';
import { useSendMessage, type SendVariables } from '../hooks/useSendMessage';
import { useTypingSignal } from '../hooks/useTypingSignal';
import { channelLabel } from '../lib/channelLabel';
import { flattenMessages } from '../lib/messageCache';
import { sendBlockFromError, sendBlockFromHeld, type SendBlock } from '../lib/sendBlock';
import { whatsappWindow } from '../lib/whatsappWindow';
import { useLiveStore } from '../stores/useLiveStore';
import { MESSAGE_CHANNELS, type ConversationDetail, type MessageChannel, type Template } from '../types/conversation';
import { SendBlockNotice } from './SendBlockNotice';
import { TemplatePicker } from './TemplatePicker';
import { WhatsappTemplateFields } from './WhatsappTemplateFields';
import { WhatsappTemplateMenu } from './WhatsappTemplateMenu';
import { WhatsappWindowNotice } from './WhatsappWindowNotice';

type ComposeMode = 'reply' | 'note';

function consentProblem(conversation: ConversationDetail, channel: MessageChannel): string | null {
  const lead = conversation.lead_detail;
  if (!lead || channel === 'sandbox') return null;
  if (lead.do_not_contact) return `${lead.full_name || 'This lead'} is marked do-not-contact.`;
  const status = lead.consents?.[channel]?.status;
  if (status === 'revoked') return `${lead.full_name || 'This lead'} revoked ${channelLabel(channel)} consent.`;
  return null;
}

/**
 * Reply on a channel (optionally from a template), ask the AI for a suggestion, or leave an
 * internal note. A send the server refuses shows why, inline; on WhatsApp outside the 24-hour
 * window it says so before anyone types and offers the approved templates.
 */
export function Composer({ conversation, textareaRef }: { conversation: ConversationDetail; textareaRef: RefObject<HTMLTextAreaElement | null> }) {
  const { canEdit } = usePermissions();
  const [mode, setMode] = useState<ComposeMode>('reply');
  const [channel, setChannel] = useState<MessageChannel>(conversation.last_channel ?? 'sandbox');
  const [text, setText] = useState('');
  const [subject, setSubject] = useState('');
  const [template, setTemplate] = useState<Template | null>(null);
  const [whatsappTemplate, setWhatsappTemplate] = useState<WhatsappTemplate | null>(null);
  const [templateValues, setTemplateValues] = useState<Record<string, string>>({});
  const [block, setBlock] = useState<SendBlock | null>(null);
  const [suggesting, setSuggesting] = useState(false);
  const send = useSendMessage(conversation.id, conversation.lead_id);
  const signalTyping = useTypingSignal(conversation.id);
  const note = mode === 'note';
  const warning = note ? null : consentProblem(conversation, channel);
  const onWhatsapp = !note && channel === 'whatsapp';
  const thread = useMessagesInfinite(conversation.id);
  const now = useNow(60_000, onWhatsapp);
  const session = useMemo(() => whatsappWindow(flattenMessages(thread.data), thread.hasNextPage, now), [thread.data, thread.hasNextPage, now]);
  const byTemplate = onWhatsapp && !!whatsappTemplate;

  function changeChannel(next: MessageChannel) {
    setChannel(next);
    setBlock(null);
    if (next !== 'whatsapp') setWhatsappTemplate(null);
  }

  function pickWhatsappTemplate(picked: WhatsappTemplate) {
    setWhatsappTemplate(picked);
    setTemplateValues({});
    setBlock(null);
  }

  function submit() {
    const body = text.trim();
    if (!canEdit || (!body && !template && !byTemplate)) return;
    // An untouched template is rendered by the server with the lead's fields.
    const useTemplate = !note && template && text === template.body;
    const vars: SendVariables = note
      ? { note: true, channel, text: body }
      : byTemplate
        ? { channel, whatsapp_template_id: whatsappTemplate.id, template_variables: templateValues, previewText: fillPlaceholders(whatsappTemplate.body, templateValues) }
        : useTemplate
          ? { channel, template_id: template.id, previewText: template.body }
          : { channel, text: body, subject: channel === 'email' && subject.trim() ? subject.trim() : undefined };
    const sentTemplate = whatsappTemplate;
    setText('');
    setTemplate(null);
    setWhatsappTemplate(null);
    setBlock(null);
    send.mutate(vars, {
      onSuccess: (sent) => setBlock(sendBlockFromHeld(sent.held)),
      onError: (err) => {
        setText((current) => current || body);
        if (sentTemplate) setWhatsappTemplate(sentTemplate);
        const refused = sendBlockFromError(err);
        if (refused) setBlock(refused);
        else toast.error(isApiError(err) ? err.message : "Couldn't send. Your text is back in the reply box.");
      },
    });
  }

  async function suggest() {
    setSuggesting(true);
    try {
      const { draft_id } = await requestSuggestion(conversation.id);
      // Show the card at once; the deltas fill it in as they stream.
      useLiveStore.getState().appendDelta(conversation.id, draft_id, '');
    } catch (err) {
      toast.error(isApiError(err) ? err.message : "Couldn't ask the AI for a suggestion.");
    } finally {
      setSuggesting(false);
    }
  }

  function onKeyDown(e: KeyboardEvent<HTMLTextAreaElement>) {
    if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
      e.preventDefault();
      submit();
    } else if (e.key === 'Escape') {
      e.currentTarget.blur();
    }
  }

  const readOnlyHint = 'Viewers can read conversations but not reply. Ask an admin for the Sales role.';

  return (
    <form
      aria-label="Reply"
      className={cn('grid gap-2 border-t border-border px-4 py-3 md:px-6', note && 'bg-warning-tint/50')}
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="flex flex-wrap items-center gap-2">
        <SegmentedControl<ComposeMode>
          aria-label="Compose mode"
          value={mode}
          onValueChange={setMode}
          options={[
            { value: 'reply', label: 'Reply' },
            { value: 'note', label: 'Internal note', icon: Lock },
          ]}
        />
        {!note && (
          <Select value={channel} onValueChange={(v) => changeChannel(v as MessageChannel)} disabled={!canEdit}>
            <SelectTrigger size="sm" className="w-[140px]" aria-label="Channel">
              <SelectValue />
            </SelectTrigger>
            <SelectContent>
              {MESSAGE_CHANNELS.map((c) => (
                <SelectItem key={c} value={c}>
                  <span className="flex items-center gap-2">
                    <ChannelIcon channel={c} />
                    {channelLabel(c)}
                  </span>
                </SelectItem>
              ))}
            </SelectContent>
          </Select>
        )}
        <div className="ml-auto flex items-center gap-1">
          {onWhatsapp && <WhatsappTemplateMenu disabled={!canEdit} onPick={pickWhatsappTemplate} label="Template" />}
          {!note && !onWhatsapp && (
            <TemplatePicker
              channel={channel}
              disabled={!canEdit}
              onPick={(t) => {
                setTemplate(t);
                setText(t.body);
                textareaRef.current?.focus();
              }}
            />
          )}
          {!note && (
            <WriteGuard tooltip="Ask the AI for a draft you can edit">
              <Button variant="ghost" size="sm" onClick={() => void suggest()} loading={suggesting} data-testid="suggest-button">
                {!suggesting && <Sparkles aria-hidden />}
                Suggest
              </Button>
            </WriteGuard>
          )}
        </div>
      </div>
      {!note && channel === 'email' && (
        <Input aria-label="Subject" placeholder="Subject" value={subject} onChange={(e) => setSubject(e.target.value)} disabled={!canEdit} />
      )}
      {warning && <p className="text-xs text-warning">{warning} The send will be refused.</p>}
      {onWhatsapp && !whatsappTemplate && (
        <WhatsappWindowNotice window={session} now={now} action={<WhatsappTemplateMenu disabled={!canEdit} onPick={pickWhatsappTemplate} />} />
      )}
      {byTemplate && (
        <WhatsappTemplateFields template={whatsappTemplate} values={templateValues} onChange={setTemplateValues} onClear={() => setWhatsappTemplate(null)} disabled={!canEdit} />
      )}
      {block && !note && <SendBlockNotice block={block} leadZone={conversation.lead_detail?.timezone ?? null} onDismiss={() => setBlock(null)} />}
      <div className="flex items-end gap-2">
        <Tooltip content={readOnlyHint} disabled={canEdit}>
          <div className="min-w-0 flex-1">
            <Textarea
              ref={textareaRef}
              aria-label={note ? 'Internal note' : 'Reply'}
              placeholder={
                !canEdit
                  ? 'Read-only: viewers can’t reply'
                  : note
                    ? 'Write a note only your team will see…'
                    : byTemplate
                      ? 'Sending the template above; remove it to write a free-form message'
                      : `Reply on ${channelLabel(channel)}…`
              }
              value={text}
              rows={2}
              className="max-h-48 resize-none"
              disabled={!canEdit || byTemplate}
              onChange={(e) => {
                setText(e.target.value);
                if (e.target.value) signalTyping();
              }}
              onKeyDown={onKeyDown}
            />
          </div>
        </Tooltip>
        <WriteGuard tooltip={note ? 'Add note (Shift+Enter for a new line)' : 'Send (Shift+Enter for a new line)'} shortcut={['↵']}>
          <Button type="submit" variant={note ? 'secondary' : 'primary'} disabled={!text.trim() && !template && !byTemplate} data-testid="send-button">
            {note ? <Lock aria-hidden /> : <SendHorizontal aria-hidden />}
            {note ? 'Add note' : 'Send'}
          </Button>
        </WriteGuard>
      </div>
      {template && text === template.body && <p className="text-xs text-muted-foreground">Template “{template.name}” — fields like the lead’s name are filled in when it’s sent.</p>}
    </form>
  );
}
